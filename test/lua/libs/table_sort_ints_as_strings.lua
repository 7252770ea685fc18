local seed = 20240601
local function rand(n)
  seed = (seed * 16807) % 2147483647
  return seed % n
end
local function show(t, n)
  local s = {}
  for i = 1, n do s[i] = tostring(t[i]) end
  print(table.concat(s, " "))
end

local t = {}
for i = 1, 60 do t[i] = tostring(rand(200)) end
table.sort(t)
show(t, 60)
table.sort(t, function(a, b) return tonumber(a) < tonumber(b) end)
show(t, 60)
