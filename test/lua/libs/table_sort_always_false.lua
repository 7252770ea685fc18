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

for n = 1, 20 do
  local t = {}
  for i = 1, n do t[i] = i end
  local calls = 0
  table.sort(t, function(a, b) calls = calls + 1; return false end)
  print(n, calls)
  show(t, n)
end
