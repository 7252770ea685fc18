-- expect: luajit (lua5.1 has no goto)
for i = 1, 10 do
  if i % 2 == 0 then goto continue end
  if i == 9 then goto continue end
  print("odd", i)
  ::continue::
end
print("done")
