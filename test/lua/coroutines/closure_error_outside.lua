-- errors raised by closures created inside a coroutine, called from the main thread
local f
local co = coroutine.create(function()
  f = function(x)
    if x == nil then error("nil argument") end
    return x.field
  end
end)
coroutine.resume(co)
print(pcall(f))
print(pcall(f, 5))
print(pcall(f, {field = "ok"}))
