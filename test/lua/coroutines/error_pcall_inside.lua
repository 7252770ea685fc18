-- pcall inside a coroutine catches errors without ending the coroutine
local co = coroutine.create(function()
  local ok, err = pcall(function() error("caught") end)
  print("pcall", ok, err)
  coroutine.yield("after pcall")
  ok, err = pcall(error, {1})
  print("pcall table", ok, type(err))
  local ok2, v = pcall(function(a, b) return a + b end, 1, 2)
  print("pcall ok", ok2, v)
  return "done"
end)
print(coroutine.resume(co))
print(coroutine.resume(co))
print(coroutine.status(co))
