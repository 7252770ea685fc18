-- expect: luajit (lua5.1 has no goto)
local i = 0
while i < 8 do
  i = i + 1
  if i % 3 == 0 then goto continue end
  print("i", i)
  ::continue::
end
local j = 0
repeat
  j = j + 1
  if j == 2 then goto skip end
  print("j", j)
  ::skip::
until j >= 4
