local function show(t, n)
  local s = {}
  for i = 1, n do s[i] = tostring(t[i]) end
  print(table.concat(s, " "))
end

local t = {"a", "b", "c", "d"}
print(table.remove(t, 1))
show(t, 4)
print(table.remove(t, 1))
show(t, 3)
print(#t)
