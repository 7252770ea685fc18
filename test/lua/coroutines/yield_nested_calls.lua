-- yield from three levels of ordinary calls below the coroutine body
local function level3(x)
  local r = coroutine.yield("l3", x)
  return r * 3
end
local function level2(x) return level3(x + 1) + 1 end
function level1(x)
  local v = level2(x * 2)
  return v, "from level1"
end
local co = coroutine.create(function(x)
  local a, b = level1(x)
  print("body got", a, b)
  return a
end)
print(coroutine.resume(co, 5))
print(coroutine.resume(co, 7))
print(coroutine.status(co))
