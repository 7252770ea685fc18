-- error with numbers, booleans, nil and level 0
local function try(...)
  local args = {...}
  local n = select('#', ...)
  local co = coroutine.create(function() error(unpack(args, 1, n)) end)
  print(coroutine.resume(co))
end
try(42)
try(true)
try(nil)
try()
try("no position", 0)
try("with position", 1)
