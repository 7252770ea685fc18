-- functions called by a metamethod have no name, even a named local: function <chunk:line>
local V = {}
local function missing(t, k)
  error("no field " .. k)
end
V.__index = missing
V.__add = function(a, b)
  return setmetatable({ x = a.x + b.x }, V)
end
local function add(a, b) return (a + b).y + 0 end
local a = setmetatable({ x = 1 }, V)
local b = setmetatable({ x = 2 }, V)
print(add(a, b))
