print(math.log10(1), math.log10(10), math.log10(100), math.log10(1000), math.log10(1e15))
print(math.log10(2), math.log10(0.5), math.log10(0), math.log10(1/0))
for i = -5, 22 do
  local v = math.log10(10 ^ i)
  if v ~= i then print("inexact", i, v) end
end
print("done")
