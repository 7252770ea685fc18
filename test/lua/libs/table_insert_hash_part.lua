local function show(t, n)
  local s = {}
  for i = 1, n do s[i] = tostring(t[i]) end
  print(table.concat(s, " "))
end

local t = {10, 20, 30, name = "n", [2.5] = "f"}
table.insert(t, 2, 15)
show(t, 4)
print(t.name, t[2.5])
local u = {}
u[3] = "c"
u[2] = "b"
u[1] = "a"
table.insert(u, 1, "z")
show(u, 4)
print(#u)
