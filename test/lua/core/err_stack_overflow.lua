local function f() return f() + 1 end
local ok, msg = pcall(f)
print(ok, type(msg))
print(msg:find("stack overflow") ~= nil)
local depth = 0
local function g() depth = depth + 1; g() end
local ok2, msg2 = pcall(g)
print(ok2, depth > 100, msg2:find("stack overflow") ~= nil)
local ok3 = pcall(function() return 1 end)
print("still usable", ok3)
