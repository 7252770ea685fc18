-- status: suspended before the first resume, suspended after a yield, dead at the end
local co
co = coroutine.create(function()
  print("inside", coroutine.status(co))
  coroutine.yield()
  print("inside again", coroutine.status(co))
end)
print("before", coroutine.status(co))
coroutine.resume(co)
print("after yield", coroutine.status(co))
coroutine.resume(co)
print("after return", coroutine.status(co))
print(coroutine.resume(co))
print("still", coroutine.status(co))
