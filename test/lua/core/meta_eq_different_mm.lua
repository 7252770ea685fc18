-- __eq is only used when both operands have the same __eq metamethod
local f1 = function() return true end
local f2 = function() return true end
local a = setmetatable({}, {__eq = f1})
local b = setmetatable({}, {__eq = f1})
local c = setmetatable({}, {__eq = f2})
local d = {}
print(a == b, a == c, a == d, d == a)
local shared = {__eq = function() return true end}
local x = setmetatable({}, shared)
local y = setmetatable({}, shared)
print(x == y, x ~= y)
local e = setmetatable({}, {__eq = function() return nil end})
local g = setmetatable({}, getmetatable(e))
print(e == g)
local h = setmetatable({}, {__eq = function() return 1 end})
print(h == setmetatable({}, getmetatable(h)))
