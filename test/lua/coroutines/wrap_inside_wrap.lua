-- wrapped generators consumed inside another wrapped generator
local function range(n)
  return coroutine.wrap(function() for i = 1, n do coroutine.yield(i) end end)
end
local function pairs_of(n)
  return coroutine.wrap(function()
    for i in range(n) do
      for j in range(i) do coroutine.yield(i, j) end
    end
  end)
end
for i, j in pairs_of(3) do print(i, j) end
