-- infinite recursion inside a coroutine ends it with a stack overflow error
local function inf(n) return 1 + inf(n + 1) end
local co = coroutine.create(function() inf(1) end)
local ok, err = coroutine.resume(co)
print(ok, (string.find(tostring(err), "stack overflow", 1, true)) ~= nil)
print(coroutine.status(co))
local co2 = coroutine.create(function() coroutine.yield("still works") end)
print(coroutine.resume(co2))
