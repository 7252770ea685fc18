local function show(t, n)
  local s = {}
  for i = 1, n do s[i] = tostring(t[i]) end
  print(table.concat(s, " "))
end

local t = {1, 2, 3}
table.insert(t, nil)
show(t, 4)
print(#t)
table.insert(t, 4, nil)
show(t, 5)
table.insert(t, 2, nil)
print(t[1], t[2], t[3], t[4])
