-- coroutines that are never finished are simply dropped
local alive = 0
for i = 1, 1000 do
  local co = coroutine.create(function()
    alive = alive + 1
    coroutine.yield()
    alive = alive - 1
  end)
  coroutine.resume(co)
end
collectgarbage()
print("started and never finished", alive)
local g = coroutine.wrap(function() while true do coroutine.yield(1) end end)
print(g(), g())
g = nil
collectgarbage()
print(collectgarbage("count") > 0)
