-- yield in return position and as a tail call
local function passthrough(...) return coroutine.yield(...) end
local co = coroutine.create(function(a)
  local x = passthrough(a, "p")
  local y = select('#', coroutine.yield(x))
  return coroutine.yield(y)
end)
print(coroutine.resume(co, "A"))
print(coroutine.resume(co, "B", "ignored"))
print(coroutine.resume(co, 1, 2, 3))
print(coroutine.resume(co, "final", nil))
print(coroutine.status(co))
