-- error level 2 from the coroutine body itself: no caller inside the coroutine
local co = coroutine.create(function()
  error("from body", 2)
end)
print(coroutine.resume(co))
local co2 = coroutine.create(function()
  error("level 3", 3)
end)
print(coroutine.resume(co2))
