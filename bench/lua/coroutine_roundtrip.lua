-- coroutine.resume / coroutine.yield round trips: a generator yielding 2,000,000 values,
-- and a wrap()-based iterator in a generic for.
local co = coroutine.create(function()
  local i = 0
  while true do
    i = i + 1
    coroutine.yield(i)
  end
end)
local s = 0
for _ = 1, 1000000 do
  local _, v = coroutine.resume(co)
  s = (s + v) % 1000003
end
local function range(n)
  return coroutine.wrap(function() for i = 1, n do coroutine.yield(i) end end)
end
local t = 0
for i in range(1000000) do t = (t + i) % 1000003 end
print(s, t)
