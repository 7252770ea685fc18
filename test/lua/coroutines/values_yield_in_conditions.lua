-- yield in conditions and short-circuit operators
local co = coroutine.wrap(function()
  if coroutine.yield("if?") then print("then branch") else print("else branch") end
  local n = 0
  while coroutine.yield("while?") do n = n + 1 end
  print("while ran", n)
  local x = false or coroutine.yield("or rhs")
  print("x", x)
  local y = 1 or coroutine.yield("never")
  print("y", y)
  local z = nil and coroutine.yield("never")
  print("z", z)
  local w = true and coroutine.yield("and rhs")
  print("w", w)
  for i = coroutine.yield("start?"), coroutine.yield("stop?") do print("i", i) end
  return "end"
end)
print(co())
print(co(false))
print(co(true))
print(co(1))
print(co(nil))
print(co("X"))
print(co("W"))
print(co(3))
print(co(5))
