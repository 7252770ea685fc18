local function commas(n)
  local s = string.format("%d", n)
  local sign, digits = s:match("^(-?)(%d+)$")
  digits = digits:reverse():gsub("(%d%d%d)", "%1,"):reverse()
  return sign .. digits:gsub("^,", "")
end
for _, n in ipairs({ 0, 7, 1000, 12345, -987654321, 1234567890123 }) do print(commas(n)) end
local function money(x) return string.format("$%s.%02d", commas(x - x % 1), (x % 1) * 100 + 0.5) end
print(money(1234.5), money(0.07), money(1000000))
