local negzero = 0
negzero = -negzero

print(math.modf(1/0))
print(math.modf(-1/0))
print(math.modf(negzero))
print(math.modf(0))
local i, f = math.modf(0/0)
print(i ~= i, f ~= f)
print(1 / select(2, math.modf(-5)))
