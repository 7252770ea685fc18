local function trim(s) return (s:gsub("^%s+", ""):gsub("%s+$", "")) end
print("[" .. trim("  hello  ") .. "]")
print("[" .. trim("\t\n x y \r\n") .. "]")
print("[" .. trim("") .. "]")
print("[" .. trim("   ") .. "]")
local function trim2(s) return (s:gsub("^%s*(.-)%s*$", "%1")) end
print("[" .. trim2("  a b  ") .. "]")
