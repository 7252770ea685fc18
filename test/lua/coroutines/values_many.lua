-- 250 values through yield and resume
local t = {}
for i = 1, 250 do t[i] = i end
local co = coroutine.create(function(...)
  local n = select('#', ...)
  local back = {coroutine.yield(unpack(t))}
  return n, #back, back[1], back[250]
end)
local r = {coroutine.resume(co, unpack(t))}
print(#r, r[1], r[2], r[251])
print(coroutine.resume(co, unpack(t)))
