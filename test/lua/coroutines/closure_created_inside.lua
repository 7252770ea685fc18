-- closures created inside a coroutine are ordinary functions outside it
local co = coroutine.create(function()
  local count = 0
  local function inc() count = count + 1 return count end
  local function get() return count end
  coroutine.yield(inc, get)
  print("inside sees", count)
  coroutine.yield()
  print("inside sees", count)
end)
local _, inc, get = coroutine.resume(co)
print(inc(), inc(), get())
coroutine.resume(co)
print(inc(), get())
coroutine.resume(co)
print(coroutine.status(co), inc(), get())
