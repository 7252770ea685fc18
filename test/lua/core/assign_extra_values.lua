local function three() return 1, 2, 3 end
local function none() end
local a, b, c, d = three()
print(a, b, c, d)
local e, f = none()
print(e, f)
local g, h = three(), 10
print(g, h)
local i, j, k = none(), 5
print(i, j, k)
local t = {}
t.a, t.b, t.c = three()
print(t.a, t.b, t.c)
t.a, t.b, t.c = (three())
print(t.a, t.b, t.c)
