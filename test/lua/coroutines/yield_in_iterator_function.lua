-- expect: luajit (lua5.1 cannot yield inside a for iterator: OP_TFORLOOP is a C-call boundary)
-- a Lua iterator function of a generic for may yield
local function iter(t, i)
  i = i + 1
  if t[i] == nil then return nil end
  coroutine.yield("iter", i)
  return i, t[i]
end
local co = coroutine.create(function()
  for i, v in iter, {"a", "b", "c"}, 0 do
    print("loop", i, v)
  end
  return "finished"
end)
for k = 1, 5 do print(coroutine.resume(co)) end
