local a, b = "left", "right"
a, b = b, a
print(a, b)
local t = {1, 2, 3}
t[1], t[3] = t[3], t[1]
print(t[1], t[2], t[3])
g1, g2 = 100, 200
g1, g2 = g2, g1
print(g1, g2)
local o = {x = 1, y = 2}
o.x, o.y = o.y, o.x
print(o.x, o.y)
