local seed = 20240601
local function rand(n)
  seed = (seed * 16807) % 2147483647
  return seed % n
end

local t = {}
for i = 1, 80 do t[i] = {key = rand(5), id = i} end
table.sort(t, function(a, b) return a.key < b.key end)
local s = {}
for i = 1, #t do s[i] = t[i].key .. ":" .. t[i].id end
print(table.concat(s, " "))
