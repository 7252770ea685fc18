-- expect: luajit (lua5.1 cannot yield across pcall)
local co = coroutine.create(function()
  local ok, err = pcall(function()
    coroutine.yield(1)
    coroutine.yield(2)
    error("after yields")
  end)
  print("caught", ok, err)
  coroutine.yield(3)
  return "survived"
end)
for i = 1, 5 do print(coroutine.resume(co)) end
