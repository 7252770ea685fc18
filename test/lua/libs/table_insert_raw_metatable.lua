local log = {}
local t = setmetatable({}, {
  __newindex = function(t, k, v) log[#log + 1] = "newindex " .. tostring(k); rawset(t, k, v) end,
  __index = function(t, k) log[#log + 1] = "index " .. tostring(k) end,
})
table.insert(t, "a")
table.insert(t, 1, "b")
table.insert(t, 5, "c")
print(#log)
print(rawget(t, 1), rawget(t, 2), rawget(t, 5))
t.x = 1
print(#log, log[1])
