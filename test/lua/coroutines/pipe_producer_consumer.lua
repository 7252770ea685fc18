-- producer/consumer with a consumer-driven pipeline
local lines = {"alpha", "beta", "gamma", "delta"}
local function producer()
  return coroutine.create(function()
    for _, l in ipairs(lines) do coroutine.yield(l) end
  end)
end
local function receive(prod)
  local status, value = coroutine.resume(prod)
  return value
end
local function consumer(prod)
  local n = 0
  while true do
    local x = receive(prod)
    if x == nil then break end
    n = n + 1
    print(n, x)
  end
  print("consumer done", coroutine.status(prod))
end
consumer(producer())
