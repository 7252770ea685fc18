local a, b, c = 1, 2, 3
print(a, b, c)
local x, y = 10
print(x, y)
local p, q = 1, 2, 3
print(p, q)
a, b = b, a
print(a, b)
a, b, c = c, a, b
print(a, b, c)
local n1, n2, n3
print(n1, n2, n3)
