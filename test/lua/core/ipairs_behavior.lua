local t = {1, 2, nil, 4}
local n = 0
for i, v in ipairs(t) do n = n + 1 end
print(n)
local f, s, i = ipairs({})
print(type(f), i)
print(f({"a"}, 0))
print(f({"a"}, 1))
local mt = setmetatable({}, {__index = function(t, k) if k <= 3 then return k * 10 end end})
local c = 0
for i, v in ipairs(mt) do c = c + 1 end
print("ipairs with __index", c)
