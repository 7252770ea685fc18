local t = setmetatable({}, { __index = function(_, k) return k:upper() .. "!" end })
print(string.gsub("ab cd", "%a+", t))
local u = setmetatable({ x = "X" }, { __index = { y = "Y" } })
print(string.gsub("xyz", "%a", u))
