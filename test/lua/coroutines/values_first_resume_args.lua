-- arguments of the first resume become the body's parameters; later ones are yield's results
local co = coroutine.create(function(a, b, ...)
  print("params", a, b, select('#', ...), ...)
  local r = {coroutine.yield()}
  print("second", #r, r[1], r[2])
  return "ok"
end)
print(coroutine.resume(co, "A"))
print(coroutine.resume(co, "B", "C"))
local co2 = coroutine.create(function(a, b, ...)
  print("params", a, b, select('#', ...), ...)
end)
print(coroutine.resume(co2, 1, 2, 3, 4, nil))
