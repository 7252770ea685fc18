-- error with a table value passes the same table to resume
local errobj = {code = 42}
local co = coroutine.create(function()
  coroutine.yield("first")
  error(errobj)
end)
print(coroutine.resume(co))
local ok, e = coroutine.resume(co)
print(ok, type(e), e == errobj, e.code)
print(coroutine.status(co))
local co2 = coroutine.create(function() error(setmetatable({}, {__tostring = function() return "custom" end})) end)
local ok2, e2 = coroutine.resume(co2)
print(ok2, tostring(e2))
