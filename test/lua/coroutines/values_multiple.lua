-- multiple values both ways
local co = coroutine.create(function(...)
  print("args", select('#', ...), ...)
  print("yield returned", coroutine.yield(1, 2, 3))
  print("yield returned", coroutine.yield("a", "b"))
  return "r1", "r2", "r3", "r4"
end)
print(coroutine.resume(co, "p", "q", "r"))
print(coroutine.resume(co, 10, 20, 30, 40))
print(coroutine.resume(co, true, false))
