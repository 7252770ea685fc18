local function roman(n)
  local vals = { 1000, 900, 500, 400, 100, 90, 50, 40, 10, 9, 5, 4, 1 }
  local syms = { "M", "CM", "D", "CD", "C", "XC", "L", "XL", "X", "IX", "V", "IV", "I" }
  local out = ""
  for i = 1, #vals do
    while n >= vals[i] do out = out .. syms[i]; n = n - vals[i] end
  end
  return out
end
local function unroman(s)
  local map = { I = 1, V = 5, X = 10, L = 50, C = 100, D = 500, M = 1000 }
  local total, prev = 0, 0
  for c in s:reverse():gmatch(".") do
    local v = map[c]
    if v < prev then total = total - v else total = total + v; prev = v end
  end
  return total
end
for _, n in ipairs({ 1, 4, 9, 14, 40, 90, 400, 1994, 2024, 3999 }) do
  print(n, roman(n), unroman(roman(n)))
end
