local function negzero() local z = 0; return -z end
local z = negzero()
print(z .. "", tostring(z))
print(z == 0, 1 / z < 0)
local function mul(a, b) return a * b end
print(mul(0, -1) .. "")
print(mul(-1, 0) .. "")
