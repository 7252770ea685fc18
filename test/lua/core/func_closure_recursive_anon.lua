-- recursion without naming the function via a fixed-point combinator
local function Y(f)
  return function(...)
    local function self_(...) return f(self_, ...) end
    return self_(...)
  end
end
local fact = Y(function(self, n) if n <= 1 then return 1 end return n * self(n - 1) end)
print(fact(10))
local sum_to = Y(function(self, n, acc) if n == 0 then return acc end return self(n - 1, acc + n) end)
print(sum_to(100, 0))
local count = 0
local function visit(t)
  for _, v in ipairs(t) do
    if type(v) == "table" then visit(v) else count = count + v end
  end
end
visit({1, {2, 3, {4, {5}}}, 6})
print(count)
