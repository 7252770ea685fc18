-- Objects with metatables: a class with __index = class, obj:method() calls
-- that read and write fields of self, and a two-level inheritance chain
-- (the method is found on the base class through two __index hops).
local Point = {}
Point.__index = Point

function Point.new(x, y)
  return setmetatable({ x = x, y = y }, Point)
end

function Point:move(dx, dy)
  self.x = self.x + dx
  self.y = self.y + dy
end

function Point:sum()
  return self.x + self.y
end

local Point3 = setmetatable({}, { __index = Point })
Point3.__index = Point3

function Point3.new(x, y, z)
  local p = setmetatable({ x = x, y = y }, Point3)
  p.z = z
  return p
end

function Point3:sum3()
  return self:sum() + self.z
end

local p = Point.new(0, 0)
local q = Point3.new(1, 2, 3)
local s = 0
for i = 1, 2000000 do
  p:move(1, -1)
  q:move(i % 3, 1)
  s = (s + p:sum() + q:sum3()) % 1000003
end
print(s, p.x, p.y, q.x, q.y)
