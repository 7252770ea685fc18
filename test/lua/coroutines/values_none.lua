-- no values at all: yield(), resume(co), return
local function count(...) return select('#', ...) end
local co = coroutine.create(function(...)
  print("start", select('#', ...))
  print("yield got", count(coroutine.yield()))
  print("yield got", count(coroutine.yield()))
end)
print("resume", count(coroutine.resume(co)))
print("resume", count(coroutine.resume(co)))
print("resume", count(coroutine.resume(co)))
print("dead resume", count(coroutine.resume(co)))
local w = coroutine.wrap(function() coroutine.yield() end)
print("wrap", count(w()))
print("wrap", count(w()))
