-- method lookup falls through to a function that synthesizes methods
local Obj = setmetatable({}, {__index = function(cls, name)
  return function(self, ...) return name .. "(" .. select("#", ...) .. " args) on " .. self.id end
end})
Obj.__index = Obj
function Obj.real(self) return "real method on " .. self.id end
local o = setmetatable({id = "o1"}, Obj)
print(o:real())
print(o:missing(1, 2))
print(o:other())
print(rawget(Obj, "missing"))
