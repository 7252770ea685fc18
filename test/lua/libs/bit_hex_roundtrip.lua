-- expect: luajit

local seed = 99
local bad = 0
for i = 1, 300 do
  seed = (seed * 16807) % 2147483647
  local v = bit.tobit(seed * 3)
  if bit.tobit(tonumber(bit.tohex(v), 16)) ~= v then bad = bad + 1 end
end
print(bad)
