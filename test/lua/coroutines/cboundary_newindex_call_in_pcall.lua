-- luajit-differs: luajit can yield across metamethods
-- yield in __newindex inside pcall inside a coroutine: pcall reports the failure
local t = setmetatable({}, {__newindex = function(t, k, v) coroutine.yield(v) end})
local co = coroutine.create(function()
  local ok, err = pcall(function() t.x = 1 end)
  print("pcall", ok, (string.find(tostring(err), "yield across", 1, true)) ~= nil)
  return "continued"
end)
print(coroutine.resume(co))
