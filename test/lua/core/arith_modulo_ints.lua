-- % on integers (the runtime's integer fast path) and around it: negative operands,
-- int32 bounds, doubles beyond int32, fractional and negative divisors.
local function row(a)
  print(a, a % 1, a % 2, a % 3, a % 7, a % 10, a % 2147483647, a % 4.5, a % -3, a % -2147483648)
end
row(-7) row(-6) row(-1) row(1) row(6) row(7)
row(2147483647) row(-2147483648) row(2147483648) row(-4294967297) row(1e15 + 3)
for i = -4, 4 do print(i, i % 3, i % -3, (i * 0.5) % 2) end
local z = 0
print(z % 3, 1 / (z % 3) > 0)
