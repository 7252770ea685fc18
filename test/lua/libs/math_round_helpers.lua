local function round(x) return math.floor(x + 0.5) end
local function trunc(x) local i = math.modf(x) return i end
local vals = {-2.5, -1.5, -0.5, 0.5, 1.5, 2.5, 3.49, -3.51}
for _, v in ipairs(vals) do print(v, round(v), trunc(v), math.floor(v), math.ceil(v)) end
