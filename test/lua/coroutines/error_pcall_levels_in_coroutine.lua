-- inside a coroutine, pcall is a C function: error levels that reach it get no position
local co = coroutine.create(function()
  print(pcall(error, "direct"))
  print(pcall(error, "direct level 2", 2))
  print(pcall(function() error("level 1") end))
  print(pcall(function() error("level 2", 2) end))
  local function inner() error("inner level 2", 2) end
  print(pcall(function() inner() end))
  print(pcall(coroutine.wrap(function() error("from wrap") end)))
  return "end"
end)
print(coroutine.resume(co))
