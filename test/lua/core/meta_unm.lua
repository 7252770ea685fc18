local mt = {__unm = function(a) return "neg " .. a.name end}
local t = setmetatable({name = "t"}, mt)
print(-t)
print(- -setmetatable({name = "inner"}, {__unm = function(a) return setmetatable({name = "(" .. a.name .. ")"}, mt) end}))
local num = setmetatable({}, {__unm = function() return 5 end})
print(-num + 1)
