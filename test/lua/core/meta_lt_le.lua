local N = {}
N.__lt = function(a, b) return a.v < b.v end
N.__le = function(a, b) return a.v <= b.v end
local function n(v) return setmetatable({v = v}, N) end
local a, b = n(1), n(2)
print(a < b, b < a, a <= b, b <= a, a <= n(1))
print(a > b, b > a, a >= b, b >= a)
print(pcall(function() return a < 1 end))
