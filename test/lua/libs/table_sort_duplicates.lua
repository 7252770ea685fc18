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
for i = 1, 400 do t[i] = rand(3) end
table.sort(t)
local counts = {0, 0, 0}
for i = 1, #t do counts[t[i] + 1] = counts[t[i] + 1] + 1 end
print(counts[1], counts[2], counts[3])
show(t, 20)
local u = {}
for i = 1, 100 do u[i] = 7 end
table.sort(u)
print(u[1], u[100], #u)
