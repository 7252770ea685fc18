-- a coroutine is a value of type "thread"
local co = coroutine.create(function() end)
print(type(co))
print(type(co) == "thread")
print(type(coroutine.create), type(coroutine.resume), type(coroutine.yield))
local w = coroutine.wrap(function() end)
print(type(w))
print(co == co, co ~= coroutine.create(function() end))
local t = {}
t[co] = "as key"
print(t[co])
print(string.sub(tostring(co), 1, 7))
