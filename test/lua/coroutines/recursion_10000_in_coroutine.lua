-- a non-yielding recursion 10000 deep inside a coroutine, then a yield
local function sum(n) if n == 0 then return 0 end return n + sum(n - 1) end
local co = coroutine.create(function()
  local s = sum(10000)
  coroutine.yield(s)
  return sum(5000)
end)
print(coroutine.resume(co))
print(coroutine.resume(co))
