-- a coroutine builds counters; the main thread uses them after the coroutine is dead
local co = coroutine.create(function()
  local made = {}
  for i = 1, 3 do
    local n = i * 100
    made[i] = function(step) n = n + (step or 1) return n end
  end
  return made
end)
local ok, counters = coroutine.resume(co)
print(ok, coroutine.status(co))
print(counters[1](), counters[2](5), counters[3](), counters[1](10))
