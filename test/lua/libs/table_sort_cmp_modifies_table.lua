local function show(t, n)
  local s = {}
  for i = 1, n do s[i] = tostring(t[i]) end
  print(table.concat(s, " "))
end

local t = {5, 4, 3, 2, 1, 9, 8, 7, 6}
local k = 0
table.sort(t, function(a, b)
  k = k + 1
  if k == 5 then t[1] = 100 end
  if k == 9 then t[9] = -1 end
  return a < b
end)
show(t, 9)
