local function memoize(f)
  local cache = {}
  local hits, misses = 0, 0
  local function m(n)
    local v = cache[n]
    if v ~= nil then hits = hits + 1; return v end
    misses = misses + 1
    v = f(n)
    cache[n] = v
    return v
  end
  return m, function() return hits, misses end
end
local fib
local stats
fib, stats = memoize(function(n)
  if n < 2 then return n end
  return fib(n - 1) + fib(n - 2)
end)
print(fib(30))
print(stats())
print(fib(50))
print(stats())
print(fib(30))
print(stats())
local calls = 0
local slow_sq, _ = memoize(function(n) calls = calls + 1; return n * n end)
for i = 1, 3 do slow_sq(7); slow_sq(8) end
print(slow_sq(7), slow_sq(8), calls)
