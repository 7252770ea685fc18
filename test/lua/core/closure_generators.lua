local function fib_gen()
  local a, b = 0, 1
  return function()
    local r = a
    a, b = b, a + b
    return r
  end
end
local g = fib_gen()
local s = ""
for i = 1, 12 do s = s .. g() .. " " end
print(s)
local function cycle(t)
  local i = 0
  return function() i = i % #t + 1; return t[i] end
end
local c = cycle({"r", "g", "b"})
print(c(), c(), c(), c(), c())
local function once(f)
  local done, result = false
  return function(...)
    if not done then done = true; result = f(...) end
    return result
  end
end
local init = once(function(x) print("init ran with", x); return x * 2 end)
print(init(5), init(100))
