print(-0.0)
local x = -0.0
print(x .. "", tostring(x), x == 0)
local function inv(v) return 1 / v end
print(inv(x) < 0)
