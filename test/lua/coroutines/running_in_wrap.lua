-- running() inside a wrapped coroutine is a thread whose status is "running"
local seen
local w = coroutine.wrap(function()
  seen = coroutine.running()
  print(type(seen), coroutine.status(seen))
  coroutine.yield(1)
  print(coroutine.running() == seen)
end)
print(w())
print(coroutine.status(seen))
w()
print(coroutine.status(seen))
