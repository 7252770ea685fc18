-- coroutine.running() inside a coroutine returns that coroutine
local co
co = coroutine.create(function()
  local me = coroutine.running()
  print(me == co, type(me), coroutine.status(me))
  coroutine.yield()
  print(coroutine.running() == co)
end)
coroutine.resume(co)
coroutine.resume(co)
print(coroutine.running())
-- nested: running is the innermost one
local inner
local outer = coroutine.create(function()
  local o = coroutine.running()
  inner = coroutine.create(function()
    print("inner running is inner", coroutine.running() == inner, coroutine.running() ~= o)
  end)
  coroutine.resume(inner)
  print("back in outer", coroutine.running() == o)
end)
coroutine.resume(outer)
