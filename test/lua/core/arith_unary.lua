local x = 5
print(-x, - -x, -(-x), -x + 10)
print(-"2", -"-3", -"0x10")
print(-2 ^ 2, (-2) ^ 2, -2 * -2)
print(not -x, -(1 / 0))
local y = -x ^ 2
print(y)
print(2 - -2, 2 + -2, 2 * -1)
