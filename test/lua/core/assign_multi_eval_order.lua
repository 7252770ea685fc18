-- all right-hand sides are evaluated before any assignment
local i = 1
local t = {10, 20, 30}
i, t[i] = i + 1, 99
print(i, t[1], t[2], t[3])
local a, b = 1, 2
a, b = b, a + b
print(a, b)
local u = {}
local k = "first"
k, u[k] = "second", "v"
print(k, u.first, u.second)
local function f() return 5, 6, 7 end
local x, y, z, w = 0, f()
print(x, y, z, w)
x, y, z = f(), 1
print(x, y, z)
