local seen = {}
local t = setmetatable({}, {__index = function(_, k) seen[#seen + 1] = type(k); return k end})
local f = function() end
local r = {t[1], t[1.5], t["s"], t[true], t[f] == f}
print(r[1], r[2], r[3], r[4], r[5])
for i = 1, #seen do print(i, seen[i]) end
