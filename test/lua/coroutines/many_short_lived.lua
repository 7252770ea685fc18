-- creating and finishing 20,000 coroutines in sequence
local total = 0
for i = 1, 20000 do
  local co = coroutine.wrap(function(a) local b = coroutine.yield(a + 1) return a + b end)
  total = total + co(i) + co(1)
end
print(total)
