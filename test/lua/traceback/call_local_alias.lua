-- a function stored in a table field, called through a local alias: named by the local
local t = {}
t.handler = function(x)
  if x > 1 then error("too big: " .. x) end
  return x
end
local function dispatch(v)
  local cb = t.handler
  local r = cb(v)
  return r
end
dispatch(1)
dispatch(2)
