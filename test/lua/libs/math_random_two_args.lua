local ok, lo, hi = true, 100, -100
for i = 1, 3000 do
  local r = math.random(-5, 5)
  if r < -5 or r > 5 or r ~= math.floor(r) then ok = false end
  if r < lo then lo = r end
  if r > hi then hi = r end
end
print(ok, lo, hi)
for i = 1, 100 do
  if math.random(3, 3) ~= 3 then print("bad") end
  if math.random(-7, -7) ~= -7 then print("bad") end
end
local big = true
for i = 1, 1000 do
  local r = math.random(1000000, 2000000)
  if r < 1000000 or r > 2000000 or r ~= math.floor(r) then big = false end
end
print(big)
