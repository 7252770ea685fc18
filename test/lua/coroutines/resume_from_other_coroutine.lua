-- a coroutine created in main, resumed from inside another coroutine, then from main again
local worker = coroutine.create(function(x)
  while true do
    x = coroutine.yield(x * 2)
  end
end)
local driver = coroutine.create(function()
  for i = 1, 3 do
    local ok, v = coroutine.resume(worker, i)
    print("driver got", ok, v)
    coroutine.yield(v)
  end
end)
print(coroutine.resume(driver))
print(coroutine.resume(worker, 100))
print(coroutine.resume(driver))
print(coroutine.resume(driver))
print(coroutine.resume(driver))
print(coroutine.status(driver), coroutine.status(worker))
