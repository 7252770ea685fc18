local V = {}
V.__index = V
local function v(x) return setmetatable({x = x}, V) end
V.__add = function(a, b) return v(a.x + b.x) end
V.__sub = function(a, b) return v(a.x - b.x) end
V.__mul = function(a, b) return v(a.x * b.x) end
V.__div = function(a, b) return v(a.x / b.x) end
V.__mod = function(a, b) return v(a.x % b.x) end
V.__pow = function(a, b) return v(a.x ^ b.x) end
V.__unm = function(a) return v(-a.x) end
local a, b = v(7), v(2)
print((a + b).x, (a - b).x, (a * b).x, (a / b).x, (a % b).x, (a ^ b).x, (-a).x)
print(((a + b) * (a - b)).x)
