-- producer -> filter -> filter -> consumer
local function send(x) coroutine.yield(x) end
local function receive(p)
  local ok, v = coroutine.resume(p)
  if not ok then error(v) end
  return v
end
local function producer(n)
  return coroutine.create(function()
    for i = 1, n do send(i) end
  end)
end
local function filter(pred, src)
  return coroutine.create(function()
    while true do
      local x = receive(src)
      if x == nil then return end
      if pred(x) then send(x) end
    end
  end)
end
local function transform(f, src)
  return coroutine.create(function()
    for x in function() return receive(src) end do send(f(x)) end
  end)
end
local p = transform(function(x) return "<" .. x .. ">" end,
  filter(function(x) return x % 3 ~= 0 end,
    filter(function(x) return x % 2 == 1 end, producer(30))))
local out = {}
while true do
  local v = receive(p)
  if v == nil then break end
  out[#out + 1] = v
end
print(#out, table.concat(out, ""))
