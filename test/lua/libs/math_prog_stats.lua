local seed = 777
local function rand(n)
  seed = (seed * 16807) % 2147483647
  return seed % n
end

local data = {}
for i = 1, 1000 do data[i] = rand(1000) / 10 end
local sum = 0
for i = 1, #data do sum = sum + data[i] end
local mean = sum / #data
local var = 0
for i = 1, #data do var = var + (data[i] - mean) ^ 2 end
local sd = math.sqrt(var / #data)
table.sort(data)
local median = (data[500] + data[501]) / 2
print(math.floor(mean * 1000 + 0.5) / 1000, math.floor(sd * 1000 + 0.5) / 1000, median)
print(math.min(unpack(data, 1, 100)), math.max(unpack(data, 900, 1000)))
