-- an infinite Fibonacci generator, taken in slices
local function fib()
  return coroutine.wrap(function()
    local a, b = 0, 1
    while true do
      coroutine.yield(a)
      a, b = b, a + b
    end
  end)
end
local g = fib()
local out = {}
for i = 1, 20 do out[i] = g() end
print(table.concat(out, " "))
local g2 = fib()
local first = {}
for i = 1, 5 do first[i] = g2() end
print(table.concat(first, ","))
print("g continues", g(), g())
