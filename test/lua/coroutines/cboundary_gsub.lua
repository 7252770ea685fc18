-- yield inside a gsub callback fails; a plain callback works
local co = coroutine.create(function()
  return (string.gsub("abc", "%w", function(c) return coroutine.yield(c) end))
end)
local ok, err = coroutine.resume(co)
print(ok, (string.find(tostring(err), "yield across", 1, true)) ~= nil)
local co2 = coroutine.create(function()
  local s = string.gsub("abc", "%w", function(c) return c:upper() end)
  coroutine.yield(s)
  return "done"
end)
print(coroutine.resume(co2))
print(coroutine.resume(co2))
