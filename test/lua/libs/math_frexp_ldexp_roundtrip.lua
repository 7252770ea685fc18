local seed = 777
local function rand(n)
  seed = (seed * 16807) % 2147483647
  return seed % n
end

local bad = 0
local samples = {}
for i = 1, 500 do
  local x = (rand(2000001) - 1000000) / (1 + rand(9999)) * 2 ^ (rand(200) - 100)
  local m, e = math.frexp(x)
  if math.ldexp(m, e) ~= x then bad = bad + 1 end
  if x ~= 0 and (math.abs(m) < 0.5 or math.abs(m) >= 1) then bad = bad + 1 end
  if i % 50 == 0 then samples[#samples + 1] = m .. "*2^" .. e end
end
print(bad)
print(table.concat(samples, " "))
