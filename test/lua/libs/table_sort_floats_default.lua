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
for i = 1, 200 do t[i] = (rand(20001) - 10000) / 7 end
t[#t + 1] = 1/0
t[#t + 1] = -1/0
table.sort(t)
show(t, #t)
