local t = {}
local mt = {}
print(getmetatable(t))
print(setmetatable(t, mt) == t)
print(getmetatable(t) == mt)
print(setmetatable(t, nil) == t, getmetatable(t))
print(getmetatable(1), getmetatable(nil), getmetatable(print))
print(getmetatable("abc") ~= nil)
print(pcall(setmetatable, t, 5))
print(pcall(setmetatable, 5, {}))
