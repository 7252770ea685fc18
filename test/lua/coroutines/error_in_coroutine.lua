-- an error inside a coroutine: resume returns false and the message with its position
local co = coroutine.create(function(x)
  coroutine.yield(x)
  error("something broke")
end)
print(coroutine.resume(co, 1))
print(coroutine.resume(co))
print(coroutine.status(co))
print(coroutine.resume(co))
