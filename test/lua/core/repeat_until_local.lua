-- the until condition can see locals declared in the body
local n = 0
repeat
  local done = n >= 3
  print("n", n, done)
  n = n + 1
until done
print("after", n)
local k = 10
repeat
  local k = k - 1
  print("inner k", k)
until k < 10
print("outer k", k)
