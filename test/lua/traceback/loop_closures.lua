-- closures in a list, called through the loop variable: named by the local
local list = {}
for i = 1, 3 do list[i] = function() if i == 2 then error("item " .. i) end end end
for _, f in ipairs(list) do f() end
