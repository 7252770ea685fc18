-- a coroutine resuming itself
local co
co = coroutine.create(function()
  print("self resume", coroutine.resume(co))
  print("self resume via running", coroutine.resume(coroutine.running()))
  print("status", coroutine.status(co))
  return "ok"
end)
print(coroutine.resume(co))
