local seed = 20240601
local function rand(n)
  seed = (seed * 16807) % 2147483647
  return seed % n
end

local groups = {}
for g = 1, 8 do
  local items = {}
  for i = 1, 5 + rand(10) do items[i] = rand(100) end
  table.sort(items)
  groups[g] = items
end
table.sort(groups, function(a, b)
  if a[1] ~= b[1] then return a[1] < b[1] end
  return #a < #b
end)
for g = 1, #groups do print(g, #groups[g], table.concat(groups[g], ",")) end
