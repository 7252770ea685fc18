-- Records: small tables built with constant string keys ({x = .., y = ..})
-- and read/written through constant field names (r.x, r.y).
local N = 300000
local rs = {}
for rep = 1, 5 do
  for i = 1, N do
    rs[i] = { x = i, y = i * 2, z = rep, tag = "r" }
  end
  for i = 1, N do
    local r = rs[i]
    r.x = r.x + r.y
    r.z = r.z + r.x % 3
  end
end
local s = 0
for i = 1, N do
  local r = rs[i]
  s = (s + r.x + r.y + r.z) % 1000000007
end
print(s, rs[N].tag)
