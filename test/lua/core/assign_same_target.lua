-- when the same target appears twice, lua5.1 assigns from right to left
local t = {}
t[1], t[1] = "first", "second"
print(t[1])
local a, a2 = 1, 2
a, a = 10, 20
print(a)
g, g = "x", "y"
print(g)
