local log = {}
local mt = {
  __index = function(t, k) return "meta:" .. k end,
  __newindex = function(t, k, v) log[#log + 1] = k end,
  __eq = function() return true end,
}
local t = setmetatable({}, mt)
local u = setmetatable({}, mt)
print(t.foo, rawget(t, "foo"))
t.bar = 1
print(rawget(t, "bar"), #log, log[1])
rawset(t, "bar", 2)
print(rawget(t, "bar"), t.bar, #log)
print(t == u, rawequal(t, u), rawequal(t, t))
print(rawequal(1, 1), rawequal("a", "a"), rawequal(1, "1"))
print(rawset(t, "z", 3) == t)
