-- yield inside the body of numeric for, generic for, while and repeat loops
local co = coroutine.wrap(function()
  for i = 10, 1, -3 do coroutine.yield("for", i) end
  for i, v in ipairs({"x", "y"}) do coroutine.yield("ipairs", i, v) end
  local n = 0
  while n < 2 do n = n + 1 coroutine.yield("while", n) end
  repeat n = n - 1 coroutine.yield("repeat", n) until n == 0
  return "done"
end)
for i = 1, 11 do print(co()) end
