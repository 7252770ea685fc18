-- A small tour: tables, metatables, closures, varargs, pcall.
local Point = {}
Point.__index = Point
function Point.new(x, y) return setmetatable({x = x, y = y}, Point) end
function Point:len() return math.sqrt(self.x ^ 2 + self.y ^ 2) end
Point.__add = function(a, b) return Point.new(a.x + b.x, a.y + b.y) end
Point.__tostring = function(p) return "(" .. p.x .. ", " .. p.y .. ")" end

local p = Point.new(3, 4) + Point.new(0, 0)
print("point", tostring(p), "length", p:len())

local function counter()
  local n = 0
  return function() n = n + 1; return n end
end
local c = counter()
c(); c()
print("counter", c())

local function count(...) return select("#", ...) end
print("varargs", count(1, nil, 3), count())

local ok, err = pcall(function() local t = nil; return t.field end)
print("pcall", ok, err)
print(string.format("%5.2f|%-6s|%x", math.pi, "lua", 255), ("moonbox"):upper())
return "done"
