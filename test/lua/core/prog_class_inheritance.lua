-- class hierarchy with inheritance via __index
local function class(parent)
  local c = {}
  c.__index = c
  if parent then setmetatable(c, {__index = parent}) end
  c.new = function(...)
    local o = setmetatable({}, c)
    if o.init then o:init(...) end
    return o
  end
  c.super = parent
  return c
end

local Animal = class()
function Animal:init(name, sound) self.name = name; self.sound = sound or "..." end
function Animal:speak() return self.name .. " says " .. self.sound end
function Animal:kind() return "animal" end

local Dog = class(Animal)
function Dog:init(name) Animal.init(self, name, "woof"); self.tricks = {} end
function Dog:learn(t) self.tricks[#self.tricks + 1] = t; return self end
function Dog:kind() return "dog (" .. Dog.super.kind(self) .. ")" end

local Puppy = class(Dog)
function Puppy:speak() return Dog.speak(self) .. " (squeaky)" end

local a = Animal.new("generic")
local d = Dog.new("rex")
local p = Puppy.new("bit")
d:learn("sit"):learn("roll")
print(a:speak())
print(d:speak(), #d.tricks, d.tricks[2])
print(p:speak())
print(a:kind(), d:kind(), p:kind())
print(getmetatable(p) == Puppy, rawget(Puppy, "learn") == nil, p.learn == Dog.learn)
print(p.tricks ~= d.tricks, #p.tricks)
