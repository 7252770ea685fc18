local function adder(n)
  return function(x)
    n = n + x
    return n
  end
end
local a = adder(10)
print(a(1), a(1), a(5))
local b = adder(0)
print(b(2), a(0))
local function bind(f, ...)
  local args = {...}
  local n = select("#", ...)
  return function() return f(unpack(args, 1, n)) end
end
print(bind(function(p, q, r) return p, q, r end, 1, nil, 3)())
