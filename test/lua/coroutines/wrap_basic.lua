-- coroutine.wrap returns a function that resumes
local gen = coroutine.wrap(function(a)
  print("started with", a)
  local b = coroutine.yield(a * 10)
  local c, d = coroutine.yield(b + 1)
  return c .. d
end)
print(gen(4))
print(gen(7))
print(gen("x", "y"))
