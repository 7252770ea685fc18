-- a wrapped coroutine calling itself while running
local w
w = coroutine.wrap(function()
  local ok, err = pcall(w)
  print(ok, err)
  return "fine"
end)
print(w())
