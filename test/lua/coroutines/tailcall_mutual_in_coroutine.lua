-- mutual tail calls (a state machine) inside a coroutine
local even, odd
function even(n)
  if n == 0 then return "even" end
  if n % 1000 == 0 then coroutine.yield("even at", n) end
  return odd(n - 1)
end
function odd(n)
  if n == 0 then return "odd" end
  return even(n - 1)
end
local co = coroutine.wrap(function(n) return even(n) end)
print(co(6000))
for i = 1, 6 do print(co()) end
