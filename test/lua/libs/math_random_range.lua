local ok, ints, lo, hi = true, true, 1e9, -1e9
local seen = {}
for i = 1, 2000 do
  local r = math.random(10)
  if r < 1 or r > 10 then ok = false end
  if r ~= math.floor(r) then ints = false end
  if r < lo then lo = r end
  if r > hi then hi = r end
  seen[r] = true
end
local distinct = 0
for k in pairs(seen) do distinct = distinct + 1 end
print(ok, ints, lo, hi, distinct)
for i = 1, 200 do
  if math.random(1) ~= 1 then print("bad random(1)") end
end
print("done")
