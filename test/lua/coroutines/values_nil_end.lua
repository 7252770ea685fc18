-- trailing nils are counted: select('#', ...) on every transfer
local function count(...) return select('#', ...) end
local co = coroutine.create(function(...)
  print("start args", select('#', ...))
  print("yield got", count(coroutine.yield(nil)))
  print("yield got", count(coroutine.yield(1, nil)))
  print("yield got", count(coroutine.yield(nil, nil, nil)))
  return nil, nil
end)
print("resume 1", count(coroutine.resume(co, nil, nil)))
print("resume 2", count(coroutine.resume(co, nil)))
print("resume 3", count(coroutine.resume(co, 1, nil, nil)))
print("resume 4", count(coroutine.resume(co, nil, nil, nil, nil)))
