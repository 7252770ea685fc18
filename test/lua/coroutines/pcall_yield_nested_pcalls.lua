-- expect: luajit (lua5.1 cannot yield across pcall)
local function deep(n)
  if n == 0 then return coroutine.yield("bottom") end
  local ok, v = pcall(deep, n - 1)
  return v .. n
end
local co = coroutine.wrap(function() return deep(5) end)
print(co())
print(co("v"))
