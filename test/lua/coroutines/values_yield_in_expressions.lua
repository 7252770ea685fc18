-- yield used inside expressions: arithmetic, concatenation, table constructors, arguments
local co = coroutine.wrap(function()
  local a = coroutine.yield("q1") + coroutine.yield("q2") * 2
  print("a", a)
  local s = "<" .. coroutine.yield("q3") .. "|" .. coroutine.yield("q4") .. ">"
  print("s", s)
  local t = {coroutine.yield("q5")}
  print("t", #t, t[1], t[3])
  local u = {coroutine.yield("q6"), "fixed"}
  print("u", #u, u[1], u[2])
  print("args", coroutine.yield("q7"), coroutine.yield("q8"))
  return "end"
end)
print(co())
print(co(1))
print(co(2))
print(co("x"))
print(co("y"))
print(co("m", "n", "o"))
print(co("first", "dropped"))
print(co("p1", "p1b"))
print(co("p2", "p2b"))
