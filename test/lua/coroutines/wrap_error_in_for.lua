-- an error inside a wrapped iterator surfaces at the for loop
local function gen()
  return coroutine.wrap(function()
    coroutine.yield(1)
    coroutine.yield(2)
    error("generator broke")
  end)
end
local ok, err = pcall(function()
  for v in gen() do print("v", v) end
end)
print(ok, err)
