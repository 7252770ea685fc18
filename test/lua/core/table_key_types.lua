local t = {}
local f = function() end
local k = {}
t[1] = "number"; t["1"] = "string"; t[true] = "boolean"; t[f] = "function"; t[k] = "table"
print(t[1], t["1"], t[true], t[f], t[k])
print(t[{}], t[false])
t[1.5] = "float"
print(t[1.5], t[3 / 2])
local count = 0
for _ in pairs(t) do count = count + 1 end
print(count)
