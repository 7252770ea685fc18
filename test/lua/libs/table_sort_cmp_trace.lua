local seed = 20240601
local function rand(n)
  seed = (seed * 16807) % 2147483647
  return seed % n
end

local t = {}
for i = 1, 12 do t[i] = rand(50) end
local trace = {}
table.sort(t, function(a, b)
  trace[#trace + 1] = a .. "<" .. b
  return a < b
end)
print(#trace)
print(table.concat(trace, " "))
print(table.concat(t, " "))
