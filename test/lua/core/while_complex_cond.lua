local a, b = 0, 10
while a < b and a ~= 5 do a = a + 1 end
print(a, b)
local t = {3, 1, 4, 1, 5, 9, 2, 6}
local i = 1
while t[i] and t[i] ~= 9 do i = i + 1 end
print("found 9 at", i)
local x = 100
while not (x < 10) do x = x / 2 end
print(x)
local n, steps = 27, 0
while n ~= 1 do
  if n % 2 == 0 then n = n / 2 else n = 3 * n + 1 end
  steps = steps + 1
end
print("collatz steps", steps)
