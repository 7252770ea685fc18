local function show(t, n)
  local s = {}
  for i = 1, n do s[i] = tostring(t[i]) end
  print(table.concat(s, " "))
end

local t = {1, 2, 3, 4}
print(table.remove(t))
show(t, 4)
print(table.remove(t))
print(#t)
print(table.remove(t), table.remove(t))
print(#t, select("#", table.remove(t)))
