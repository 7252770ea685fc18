local function show(t, n)
  local s = {}
  for i = 1, n do s[i] = tostring(t[i]) end
  print(table.concat(s, " "))
end

local t = {1, 2, 3, 4, 5, 6}
print(table.remove(t, 3))
show(t, 6)
print(table.remove(t, 4))
show(t, 5)
print(table.remove(t, #t))
show(t, 4)
