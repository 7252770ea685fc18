local vars = { name = "Lua", version = "5.1" }
local function expand(s) return (s:gsub("%${(%w+)}", function(k) return vars[k] or "?" end)) end
print(expand("${name} ${version} ${missing}"))
print(expand("no vars"))
print(expand("${name}${name}"))
