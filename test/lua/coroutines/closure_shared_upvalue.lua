-- the coroutine and the main thread share an upvalue through closures
local shared = 0
local co = coroutine.create(function()
  while shared < 5 do
    shared = shared + 1
    coroutine.yield(shared)
  end
  return "stop"
end)
local function bump() shared = shared + 10 end
print(coroutine.resume(co))
print(coroutine.resume(co))
bump()
print(coroutine.resume(co))
print(shared)
