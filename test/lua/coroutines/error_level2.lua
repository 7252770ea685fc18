-- error level 2 inside a coroutine names the caller's line
local function check(x)
  if type(x) ~= "number" then error("number expected", 2) end
  return x
end
local co = coroutine.create(function(v)
  local a = check(1)
  local b = check(v)
  return a + b
end)
print(coroutine.resume(co, "s"))
