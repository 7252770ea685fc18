-- proper tail calls inside a coroutine do not grow the stack
local function loop(n, acc)
  if n == 0 then return acc end
  if n % 50000 == 0 then coroutine.yield(n) end
  return loop(n - 1, acc + 1)
end
local co = coroutine.create(function() return loop(200000, 0) end)
while true do
  local ok, v = coroutine.resume(co)
  print(ok, v)
  if coroutine.status(co) == "dead" then break end
end
