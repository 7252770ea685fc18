-- without __le, a <= b is computed as not (b < a)
local log = {}
local N = {__lt = function(a, b) log[#log + 1] = a.v .. "<" .. b.v; return a.v < b.v end}
local function n(v) return setmetatable({v = v}, N) end
print(n(1) <= n(2))
print(n(3) <= n(2))
print(n(2) >= n(2))
for i = 1, #log do print(log[i]) end
