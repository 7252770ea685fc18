-- table.sort of 100,000 strings.
local seed = 7
local function rnd() seed = (seed * 1103515245 + 12345) % 2147483648 return seed end
local t = {}
for i = 1, 100000 do t[i] = "k" .. (rnd() % 1000000) .. "-" .. (i % 13) end
table.sort(t)
local ok = true
for i = 2, #t do if t[i - 1] > t[i] then ok = false end end
print(ok, t[1], t[50000], t[100000])
