local function returns_nil() end
local function returns_fn() return function() return "inner called" end end
print(pcall(function() return returns_nil()() end))
print(pcall(function() return returns_fn()() end))
print(pcall(function() local t = {}; return t.a.b.c end))
print(pcall(function() return (nil)() end))
print(pcall(function() local r = returns_nil(); r() end))
