local eqcalls = 0
local E = {__eq = function(a, b) eqcalls = eqcalls + 1; return a.v == b.v end}
local a = setmetatable({v = 1}, E)
local b = setmetatable({v = 1}, E)
local c = setmetatable({v = 2}, E)
print(a == b, a == c, a ~= b, a ~= c)
print(eqcalls)
print(a == a, eqcalls)
print(rawequal(a, b))
print(a == 1, 1 == a, a == "x", eqcalls)
