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
for i = 1, 300 do t[i] = rand(1000) end
table.sort(t)
show(t, 300)
local ok = true
for i = 2, #t do if t[i - 1] > t[i] then ok = false end end
print(ok, #t)
