local seed = 20240601
local function rand(n)
  seed = (seed * 16807) % 2147483647
  return seed % n
end

local t = {}
for i = 1, 5000 do t[i] = rand(100000) end
local calls = 0
table.sort(t, function(a, b) calls = calls + 1; return a < b end)
local ok = true
for i = 2, #t do if t[i - 1] > t[i] then ok = false end end
local sum = 0
for i = 1, #t, 50 do sum = sum + t[i] * i end
print(ok, calls, sum, t[1], t[2500], t[5000])
