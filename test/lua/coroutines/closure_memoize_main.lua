-- a memoizing function created in a coroutine, recursion driven from the main thread
local fibm
local co = coroutine.create(function()
  local memo = {}
  local calls = 0
  local function fib(n)
    calls = calls + 1
    if n < 2 then return n end
    local m = memo[n]
    if m then return m end
    m = fib(n - 1) + fib(n - 2)
    memo[n] = m
    return m
  end
  fibm = fib
  coroutine.yield()
  return calls
end)
coroutine.resume(co)
print(fibm(30), fibm(60), fibm(10))
print(coroutine.resume(co))
