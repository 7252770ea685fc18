local i = 1
repeat
  print(i)
  i = i * 2
until i > 20
local count = 0
repeat count = count + 1 until true
print("count", count)
local j = 0
repeat
  j = j + 1
  if j == 4 then break end
until false
print("j", j)
