-- yield on the right side of multiple assignments and in local declarations
local g1, g2
local co = coroutine.create(function()
  local a, b, c = coroutine.yield(1)
  print("a b c", a, b, c)
  local t = {}
  t.x, t.y = coroutine.yield(2), "fixed"
  print("t", t.x, t.y)
  g1, g2 = 0, coroutine.yield(3)
  print("g", g1, g2)
  local p, q = coroutine.yield(4), coroutine.yield(5)
  print("p q", p, q)
end)
print(coroutine.resume(co))
print(coroutine.resume(co, "A", "B"))
print(coroutine.resume(co, "X", "ignored"))
print(coroutine.resume(co, "G2", "G3"))
print(coroutine.resume(co, "P", "P2"))
print(coroutine.resume(co, "Q", "Q2"))
