-- three levels of nesting: every status seen from the innermost coroutine
local a, b, c
local function show(where)
  print(where, coroutine.status(a), coroutine.status(b), coroutine.status(c))
end
c = coroutine.create(function() show("in c") coroutine.yield() show("in c 2") end)
b = coroutine.create(function() show("in b") coroutine.resume(c) show("b after c") end)
a = coroutine.create(function() show("in a") coroutine.resume(b) show("a after b") coroutine.resume(c) show("a end") end)
show("main")
coroutine.resume(a)
show("main end")
