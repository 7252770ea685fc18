-- expect: luajit (lua5.1 has no goto)
-- break out of nested loops with a forward goto
local found
for i = 1, 5 do
  for j = 1, 5 do
    if i * j == 12 then
      found = i .. "x" .. j
      goto out
    end
  end
end
::out::
print("found", found)
for i = 1, 3 do
  for j = 1, 3 do
    if j > i then goto next_i end
    print(i, j)
  end
  ::next_i::
end
