-- the stack overflow message inside a coroutine names the recursing function's line
local function inf(n)
  return 1 + inf(n + 1)
end
local co = coroutine.create(function()
  inf(1)
end)
print(coroutine.resume(co))
