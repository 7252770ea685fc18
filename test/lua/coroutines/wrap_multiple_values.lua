-- wrap passes multiple values both ways, including nils
local w = coroutine.wrap(function(...)
  print("in", select('#', ...), ...)
  local n = select('#', coroutine.yield(1, nil, 3, nil))
  print("resumed with", n)
  return nil, nil, "x"
end)
print(w("a", nil))
print(select('#', w(nil, nil, nil)))
