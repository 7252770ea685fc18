-- a dead or failing wrap called directly by pcall inside a coroutine: no caller position
local w = coroutine.wrap(function() return 1 end)
w()
local co = coroutine.create(function()
  print(pcall(w))
  local function via() local r = w() return r end
  print(pcall(via))
end)
print(coroutine.resume(co))
