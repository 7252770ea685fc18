-- luajit-differs: luajit's sort detects the invalid order function instead of comparing nil
local function show(t, n)
  local s = {}
  for i = 1, n do s[i] = tostring(t[i]) end
  print(table.concat(s, " "))
end

for n = 3, 12 do
  local t = {}
  for i = 1, n do t[i] = 1 end
  print(n, pcall(function() table.sort(t, function(a, b) return a <= b end) end))
end
