local count = 0
local T = {__tostring = function(t) count = count + 1; return "T" .. t.n end}
local a = setmetatable({n = 1}, T)
local b = setmetatable({n = 2}, T)
print(a, b, a)
print(count)
print(tostring(a) .. tostring(b))
print(count)
local plain = setmetatable({}, {__index = {__tostring = function() return "not used" end}})
print(type(tostring(plain)), tostring(plain) ~= "not used")
