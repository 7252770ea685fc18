-- luajit-differs: luajit detects the bad comparator at different points
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
  for i = 1, n do t[i] = rand(100) end
  local calls = 0
  local ok, err = pcall(function() table.sort(t, function(a, b) calls = calls + 1; return true end) end)
  print(n, ok, err, calls)
  show(t, n + 1)
end
