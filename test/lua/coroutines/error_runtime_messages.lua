-- runtime errors inside coroutines carry names and positions
local function run(f, ...)
  local co = coroutine.create(f)
  print(coroutine.resume(co, ...))
end
run(function() local t = nil; return t.x end)
run(function(a) return a + 1 end, {})
run(function() return undefined_global() end)
run(function() local s = "x" .. {} end)
run(function() local t = {} t.a.b = 1 end)
run(function() local o = {} o:nomethod() end)
run(function() return #5 end)
run(function() return 1 < "2" end)
