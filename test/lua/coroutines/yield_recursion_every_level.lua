-- every level of a recursion yields once
local function rec(n)
  if n > 0 then
    coroutine.yield(n)
    rec(n - 1)
  end
end
local co = coroutine.wrap(function() rec(1000) return "end" end)
local sum, count, last = 0, 0, nil
while true do
  local v = co()
  if v == "end" then last = v break end
  sum = sum + v
  count = count + 1
end
print(count, sum, last)
