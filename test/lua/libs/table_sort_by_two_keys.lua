local seed = 20240601
local function rand(n)
  seed = (seed * 16807) % 2147483647
  return seed % n
end

local t = {}
for i = 1, 100 do t[i] = {a = rand(4), b = rand(100), id = i} end
table.sort(t, function(x, y)
  if x.a ~= y.a then return x.a > y.a end
  if x.b ~= y.b then return x.b < y.b end
  return x.id < y.id
end)
local s = {}
for i = 1, #t do s[i] = t[i].a .. "/" .. t[i].b .. "/" .. t[i].id end
print(table.concat(s, " "))
