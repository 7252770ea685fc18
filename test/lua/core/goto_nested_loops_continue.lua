-- expect: luajit (lua5.1 has no goto)
local total = 0
for i = 1, 4 do
  for j = 1, 4 do
    if (i + j) % 2 == 1 then goto continue_j end
    total = total + i * j
    ::continue_j::
  end
  if i == 3 then goto continue_i end
  print("row", i, total)
  ::continue_i::
end
print("total", total)
