local function between(x, lo, hi) return lo <= x and x <= hi end
print(between(5, 1, 10), between(0, 1, 10), between(10, 1, 10))
local function max3(a, b, c)
  local m = a
  if b > m then m = b end
  if c > m then m = c end
  return m
end
print(max3(1, 2, 3), max3(3, 2, 1), max3(-1, -5, -3))
print(max3("b", "c", "a"), max3("apple", "apricot", "ap"))
print(1 < 2 == true, "a" < "b" == true)
