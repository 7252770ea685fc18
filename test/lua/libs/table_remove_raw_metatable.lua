local calls = 0
local t = setmetatable({1, 2, 3}, {
  __index = function() calls = calls + 1 end,
  __newindex = function(t, k, v) calls = calls + 1; rawset(t, k, v) end,
})
print(table.remove(t, 1))
print(table.remove(t))
print(calls, rawget(t, 1), rawget(t, 2))
