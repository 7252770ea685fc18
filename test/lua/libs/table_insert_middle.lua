local function show(t, n)
  local s = {}
  for i = 1, n do s[i] = tostring(t[i]) end
  print(table.concat(s, " "))
end

local t = {1, 2, 3, 4, 5}
table.insert(t, 3, "m")
show(t, 6)
table.insert(t, 6, "n")
show(t, 7)
table.insert(t, 2, false)
show(t, 8)
print(#t)
