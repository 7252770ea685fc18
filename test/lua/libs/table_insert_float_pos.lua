local function show(t, n)
  local s = {}
  for i = 1, n do s[i] = tostring(t[i]) end
  print(table.concat(s, " "))
end

local t = {1, 2, 3}
table.insert(t, 2.7, "a")
show(t, 4)
t = {1, 2, 3}
table.insert(t, "2", "b")
show(t, 4)
t = {1, 2, 3}
table.insert(t, 1.0, "c")
show(t, 4)
t = {1, 2, 3}
table.insert(t, "0x2", "d")
show(t, 4)
t = {1, 2, 3}
table.insert(t, 3.999, "e")
show(t, 4)
