-- __eq is never consulted for different types or for primitives
local called = false
local E = {__eq = function() called = true; return true end}
local t = setmetatable({}, E)
print(t == 1, t == "t", t == nil, t == false)
print(called)
local u = setmetatable({}, E)
print(t == u, called)
called = false
print(t ~= u, called)
called = false
print(t == t, called)
