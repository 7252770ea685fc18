-- luajit-differs: luajit says "cannot resume running coroutine"
-- resuming a coroutine that is "normal" (it resumed the current one)
local a, b
b = coroutine.create(function()
  print("b resumes a", coroutine.resume(a))
  print("a is", coroutine.status(a))
  coroutine.yield("b yielded")
  return "b done"
end)
a = coroutine.create(function()
  print("a resumes b", coroutine.resume(b))
  print("a resumes b", coroutine.resume(b))
  print("a resumes b", coroutine.resume(b))
  return "a done"
end)
print(coroutine.resume(a))
