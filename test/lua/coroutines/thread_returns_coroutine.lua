-- a coroutine that creates and yields other coroutines
local factory = coroutine.wrap(function()
  for i = 1, 3 do
    coroutine.yield(coroutine.create(function(x) coroutine.yield(x * i) return "child " .. i end))
  end
end)
local children = {}
for i = 1, 3 do children[i] = factory() end
for i = 1, 3 do print(coroutine.resume(children[i], 10)) end
for i = 3, 1, -1 do print(coroutine.resume(children[i])) end
