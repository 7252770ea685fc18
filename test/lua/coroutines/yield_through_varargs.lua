-- yield from a function reached through vararg forwarding
local function call(f, ...) return f(...) end
local function call2(f, ...) local r = {call(f, ...)} return unpack(r) end
local function y(...)
  print("y got", select('#', ...), ...)
  return coroutine.yield(...)
end
local co = coroutine.create(function(...)
  print("body", select('#', ...))
  print("r1", call(y, ...))
  print("r2", call2(y, 1, nil, 3))
  print("r3", call(call, y))
  return call(coroutine.yield, "direct")
end)
print(coroutine.resume(co, "a", "b"))
print(coroutine.resume(co, "x", "y"))
print(coroutine.resume(co, nil, nil))
print(coroutine.resume(co))
print(coroutine.resume(co, "last"))
