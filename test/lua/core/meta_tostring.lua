local P = {__tostring = function(p) return "Point(" .. p.x .. ", " .. p.y .. ")" end}
local p = setmetatable({x = 1, y = 2}, P)
print(p)
print(tostring(p))
print("as string: " .. tostring(p))
local weird = setmetatable({}, {__tostring = function() return "weird" end})
print(weird, p)
print(pcall(function() return "x" .. p end))
