-- expect: luajit (lua5.1 cannot yield across pcall)
local co = coroutine.create(function()
  print("pcall(yield)", pcall(coroutine.yield, "a", "b"))
  print("nested", pcall(pcall, coroutine.yield, "c"))
  return "done"
end)
print(coroutine.resume(co))
print(coroutine.resume(co, "x", "y"))
print(coroutine.resume(co, "z"))
