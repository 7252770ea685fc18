local function dump(t, a, b)
  local s = {}
  for i = a, b do s[#s + 1] = i .. "=" .. tostring(t[i]) end
  print(table.concat(s, " "))
end
local t = {1, 2, 3}
table.insert(t, 0, "z")
dump(t, -1, 5)
t = {1, 2, 3}
table.insert(t, -2, "n")
dump(t, -3, 5)
t = {}
table.insert(t, 0, "only")
dump(t, -1, 2)
