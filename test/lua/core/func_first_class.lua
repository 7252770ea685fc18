local function apply(fn, ...) return fn(...) end
print(apply(function(a, b) return a * b end, 6, 7))
local ops = {
  add = function(a, b) return a + b end,
  sub = function(a, b) return a - b end,
}
print(ops.add(1, 2), ops["sub"](10, 4))
local function compose(f, g) return function(...) return f(g(...)) end end
local inc_then_double = compose(function(x) return x * 2 end, function(x) return x + 1 end)
print(inc_then_double(4))
print(type(print), type(apply), type(nil))
