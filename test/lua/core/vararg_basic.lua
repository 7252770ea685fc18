local function f(...)
  print(...)
  print(select("#", ...))
  local a, b = ...
  print(a, b)
end
f()
f(1)
f(1, 2, 3)
f(nil, nil)
