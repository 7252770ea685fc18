-- Closures: creating closures that capture locals (upvalues), calling them,
-- mutating upvalues, and passing functions to higher-order functions.
local function counter(start)
  local c = start
  return function(d)
    c = c + d
    return c
  end
end

local s = 0
for i = 1, 300000 do
  local f = counter(i)
  for j = 1, 8 do s = s + f(j) end
  s = s % 1000003
end

local function apply(f, x) return f(x) end
local k = 3
for i = 1, 3000000 do
  s = (s + apply(function(x) return x * k + i end, i)) % 1000003
end
print(s)
