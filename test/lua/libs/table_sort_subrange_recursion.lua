local seed = 20240601
local function rand(n)
  seed = (seed * 16807) % 2147483647
  return seed % n
end

local t = {}
for i = 1, 1000 do t[i] = rand(10) * 1000 + i end
table.sort(t, function(a, b) return a % 1000 > b % 1000 end)
local ok = true
for i = 2, #t do if t[i - 1] % 1000 < t[i] % 1000 then ok = false end end
print(ok, t[1], t[500], t[1000])
