local function v(...) return ... end
local t = {v(1, 2), v(3, 4)}
print(#t, t[1], t[2], t[3])
print(v(1, 2), v(3, 4))
print((v(1, 2)))
local a, b, c = v(1, 2), 10
print(a, b, c)
local function f(...) return ..., "last" end
print(f(1, 2, 3))
local function g(...) local x, y = ..., "y" return x, y end
print(g("a", "b"))
