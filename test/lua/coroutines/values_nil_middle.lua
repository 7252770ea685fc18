-- nils in the middle are kept, both ways
local co = coroutine.create(function(a, b, c)
  print("args", a, b, c)
  local x, y, z = coroutine.yield(nil, "mid", nil, "end")
  print("resumed with", x, y, z)
  return 1, nil, 3
end)
print(coroutine.resume(co, 1, nil, 3))
print(coroutine.resume(co, nil, 2, nil))
print(coroutine.resume(co))
