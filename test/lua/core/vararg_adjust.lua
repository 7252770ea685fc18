local function f(a, ...)
  local b, c = ...
  return a, b, c, select("#", ...)
end
print(f())
print(f(1))
print(f(1, 2))
print(f(1, 2, 3, 4))
local function g(...)
  local a, b = ..., "extra"
  return a, b
end
print(g(1, 2, 3))
print(g())
local function h(...) return #{...}, ... end
print(h("a", "b"))
