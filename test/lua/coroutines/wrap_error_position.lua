-- where lua5.1's wrap puts the caller's position: only when a Lua function calls it
local function mk(msg, level)
  return coroutine.wrap(function() error(msg, level) end)
end
local function caller(w)
  local r = w()
  return r
end
print(pcall(caller, mk("with level 1", 1)))
print(pcall(caller, mk("with level 0", 0)))
print(pcall(mk("called by pcall", 1)))
local co = coroutine.create(function()
  local w = mk("inside a coroutine", 0)
  w()
end)
print(coroutine.resume(co))
local wt = coroutine.wrap(function() error({}) end)
local ok, e = pcall(caller, wt)
print(ok, type(e))
