local ok, lo, hi, sum = true, 1, 0, 0
for i = 1, 5000 do
  local r = math.random()
  if r < 0 or r >= 1 then ok = false end
  if r < lo then lo = r end
  if r > hi then hi = r end
  sum = sum + r
end
print(ok, lo < 0.01, hi > 0.99, sum / 5000 > 0.45, sum / 5000 < 0.55)
print(type(math.random()))
