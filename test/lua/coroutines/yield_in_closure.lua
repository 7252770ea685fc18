-- yield from closures and anonymous functions called inside the coroutine
local co = coroutine.create(function()
  local total = 0
  local add = function(x)
    total = total + x
    coroutine.yield(total)
  end
  for i = 1, 3 do add(i) end
  ;(function() coroutine.yield("anon") end)()
  local t = {f = function(self, v) return coroutine.yield(v) end}
  local r = t:f("method on table")
  return total, r
end)
for i = 1, 6 do print(coroutine.resume(co, "r" .. i)) end
