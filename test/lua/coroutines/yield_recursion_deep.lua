-- yield at the bottom of a 1000-deep recursion, and on the way back up
local function dive(n)
  if n == 0 then
    local v = coroutine.yield("bottom")
    return v
  end
  local r = dive(n - 1) + 1
  if n % 250 == 0 then coroutine.yield("up", n) end
  return r
end
local co = coroutine.create(function() return dive(1000) end)
print(coroutine.resume(co))
print(coroutine.resume(co, 0))
for i = 1, 4 do
  print(coroutine.resume(co))
end
print(coroutine.status(co))
