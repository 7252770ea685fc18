local function show(t, n)
  local s = {}
  for i = 1, n do s[i] = tostring(t[i]) end
  print(table.concat(s, " "))
end

local t = {1, 2, 3}
table.insert(t, 10, "x")
show(t, 11)
print(t[10], table.maxn(t))
local u = {1, 2, 3}
table.insert(u, 5, "y")
show(u, 6)
print(u[5])
local e = {}
table.insert(e, 3, "z")
print(e[1], e[2], e[3], table.maxn(e))
