-- varargs and locals of every frame survive a yield
local function keep(...)
  local n = select('#', ...)
  local before = {...}
  coroutine.yield(n)
  return n, select('#', ...), ...
end
local co = coroutine.create(function(...)
  local a, b = keep(...)
  return a, b, keep("p", nil)
end)
print(coroutine.resume(co, 1, nil, 3, nil))
print(coroutine.resume(co))
print(coroutine.resume(co))
