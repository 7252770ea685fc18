local t = setmetatable({}, {__metatable = "locked"})
print(getmetatable(t))
print(pcall(setmetatable, t, {}))
local u = setmetatable({}, {__metatable = false})
print(getmetatable(u))
print(pcall(setmetatable, u, nil))
local shared = {}
local v = setmetatable({}, {__metatable = shared})
print(getmetatable(v) == shared)
