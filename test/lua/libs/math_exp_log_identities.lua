local seed = 777
local function rand(n)
  seed = (seed * 16807) % 2147483647
  return seed % n
end

local maxerr = 0
for i = 1, 300 do
  local x = (rand(20001) - 10000) / 1000
  local y = math.log(math.exp(x))
  local err = math.abs(y - x)
  if err > maxerr then maxerr = err end
end
print(maxerr < 1e-12)
local s2 = 0
for i = 1, 300 do
  local x = rand(10000) / 100
  local e = math.abs(math.sin(x) ^ 2 + math.cos(x) ^ 2 - 1)
  if e > s2 then s2 = e end
end
print(s2 < 1e-14)
