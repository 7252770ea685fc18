local t = {[0] = "zero"}
print(select("#", table.remove(t)))
print(select("#", table.remove(t, 0)))
print(t[0])
local u = {[0] = "z", "a", "b"}
print(table.remove(u, 1))
print(u[0], u[1], u[2])
