local seed = 20240601
local function rand(n)
  seed = (seed * 16807) % 2147483647
  return seed % n
end

local sizes = {}
for n = 0, 40 do
  local t = {}
  for i = 1, n do t[i] = rand(1000) end
  local calls = 0
  table.sort(t, function(a, b) calls = calls + 1 return a < b end)
  sizes[#sizes + 1] = calls
end
print(table.concat(sizes, " "))
