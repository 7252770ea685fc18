-- expect: luajit (lua5.1 cannot yield across pcall)
local co = coroutine.create(function()
  local ok, a, b = pcall(function()
    local x = coroutine.yield("inside pcall")
    return x, "ret"
  end)
  print("pcall returned", ok, a, b)
  return "end"
end)
print(coroutine.resume(co))
print(coroutine.resume(co, "resumed"))
print(coroutine.status(co))
