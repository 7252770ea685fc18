-- table.sort of 100,000 numbers (default comparison), then with a comparator.
local seed = 42
local function rnd() seed = (seed * 1103515245 + 12345) % 2147483648 return seed end
local t = {}
for i = 1, 100000 do t[i] = rnd() / 1000 end
table.sort(t)
local ok = true
for i = 2, #t do if t[i - 1] > t[i] then ok = false end end
for i = 1, 100000 do t[i] = rnd() % 100000 end
table.sort(t, function(a, b) return a > b end)
print(ok, t[1], t[50000], t[100000])
