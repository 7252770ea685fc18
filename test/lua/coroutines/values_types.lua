-- every kind of value passes through unchanged (identity kept)
local tbl, fn = {}, function() end
local other = coroutine.create(function() end)
local co = coroutine.create(function(...)
  local a, b, c, d, e, f, g = coroutine.yield(...)
  return a, b, c, d, e, f, g
end)
local ok, a, b, c, d, e, f, g = coroutine.resume(co, tbl, fn, other, 1.5, "s", true, false)
print(ok, a == tbl, b == fn, c == other, d, e, f, g)
ok, a, b, c, d, e, f, g = coroutine.resume(co, g, f, e, d, c, b, a)
print(ok, a, b, c, d, e == other, f == fn, g == tbl)
