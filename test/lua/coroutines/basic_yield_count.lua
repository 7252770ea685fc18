-- a loop that yields its counter
local co = coroutine.create(function(n)
  for i = 1, n do coroutine.yield(i) end
  return "end"
end)
while true do
  local ok, v = coroutine.resume(co, 5)
  print(ok, v, coroutine.status(co))
  if coroutine.status(co) == "dead" then break end
end
