-- library callbacks (gsub, sort) may resume other coroutines; only yielding is forbidden
local counter = coroutine.wrap(function()
  local n = 0
  while true do n = n + 1 coroutine.yield(n) end
end)
local s = string.gsub("a-b-c", "%a", function(c) return c .. counter() end)
print(s)
local t = {5, 2, 8, 1}
local comparisons = coroutine.wrap(function()
  local n = 0
  while true do n = n + 1 coroutine.yield(n) end
end)
local last = 0
table.sort(t, function(a, b) last = comparisons() return a < b end)
print(t[1], t[2], t[3], t[4], last > 0)
-- the same inside a coroutine
local co = coroutine.create(function()
  local r = string.gsub("xyz", "%a", function(c) return c .. counter() end)
  coroutine.yield(r)
  return "end"
end)
print(coroutine.resume(co))
print(coroutine.resume(co))
