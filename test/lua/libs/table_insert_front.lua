local function show(t, n)
  local s = {}
  for i = 1, n do s[i] = tostring(t[i]) end
  print(table.concat(s, " "))
end

local t = {}
for i = 1, 6 do table.insert(t, 1, i) end
show(t, 6)
table.insert(t, 1, "x")
show(t, 7)
print(#t)
