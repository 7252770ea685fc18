-- yield inside a table.sort comparator fails
local co = coroutine.create(function()
  local t = {3, 1, 2}
  table.sort(t, function(a, b) coroutine.yield() return a < b end)
  return "sorted"
end)
local ok, err = coroutine.resume(co)
print(ok, (string.find(tostring(err), "yield across", 1, true)) ~= nil)
print(coroutine.status(co))
-- a comparator that does not yield is fine inside a coroutine
local co2 = coroutine.create(function()
  local t = {3, 1, 2}
  table.sort(t, function(a, b) return a > b end)
  coroutine.yield(t[1], t[2], t[3])
end)
print(coroutine.resume(co2))
