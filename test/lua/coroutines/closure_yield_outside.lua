-- luajit-differs: luajit says "attempt to yield across C-call boundary" (with a position)
-- a closure that yields, created in one coroutine, called in the main thread and in another coroutine
local yielder
local maker = coroutine.create(function()
  yielder = function(v) local r = coroutine.yield(v) return "got " .. tostring(r) end
end)
coroutine.resume(maker)
print(coroutine.status(maker))
print(pcall(yielder, 1))
local user = coroutine.create(function() return yielder("from user") end)
print(coroutine.resume(user))
print(coroutine.resume(user, "answer"))
