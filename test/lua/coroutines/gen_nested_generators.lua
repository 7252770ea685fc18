-- a generator that delegates to sub-generators
local function from_list(t)
  return coroutine.wrap(function() for _, v in ipairs(t) do coroutine.yield(v) end end)
end
local function chain(...)
  local gens = {...}
  return coroutine.wrap(function()
    for _, g in ipairs(gens) do
      for v in g do coroutine.yield(v) end
    end
  end)
end
local function map(f, g)
  return coroutine.wrap(function() for v in g do coroutine.yield(f(v)) end end)
end
local function take(n, g)
  return coroutine.wrap(function()
    for i = 1, n do
      local v = g()
      if v == nil then return end
      coroutine.yield(v)
    end
  end)
end
local all = chain(from_list({1, 2, 3}), from_list({}), from_list({4, 5, 6, 7}))
for v in take(5, map(function(x) return x * x end, all)) do print(v) end
