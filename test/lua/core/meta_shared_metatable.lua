local mt = {__index = {greet = function(self) return "hi " .. self.name end}}
local a = setmetatable({name = "a"}, mt)
local b = setmetatable({name = "b"}, mt)
print(a:greet(), b:greet())
mt.__index.greet = function(self) return "hello " .. self.name end
print(a:greet(), b:greet())
mt.__tostring = function(self) return "<" .. self.name .. ">" end
print(a, b)
mt.__index = function(_, k) return "dynamic " .. k end
print(a.greet, b.anything)
