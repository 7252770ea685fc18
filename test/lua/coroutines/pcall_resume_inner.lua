-- pcall around resume, inside a coroutine: the inner coroutine yields to its resumer only
local inner = coroutine.create(function()
  coroutine.yield("i1")
  error("inner error")
end)
local outer = coroutine.create(function()
  print("pcall resume", pcall(coroutine.resume, inner))
  print("pcall resume", pcall(coroutine.resume, inner))
  print("pcall resume", pcall(coroutine.resume, inner))
  coroutine.yield("outer")
  return "outer end"
end)
print(coroutine.resume(outer))
print(coroutine.resume(outer))
