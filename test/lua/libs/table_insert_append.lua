local function show(t, n)
  local s = {}
  for i = 1, n do s[i] = tostring(t[i]) end
  print(table.concat(s, " "))
end

local t = {}
table.insert(t, "a")
table.insert(t, "b")
table.insert(t, "c")
show(t, 3)
print(#t)
for i = 1, 10 do table.insert(t, i) end
print(#t, t[13])
table.insert(t, #t + 1, "end")
print(#t, t[#t])
