-- luajit-differs: luajit's sort detects the invalid order function instead of comparing nil
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

for n = 1, 16 do
  local t = {}
  for i = 1, n do t[i] = rand(3) end
  print(n, pcall(function() table.sort(t, function(a, b) return a <= b end) end))
  show(t, n)
end
