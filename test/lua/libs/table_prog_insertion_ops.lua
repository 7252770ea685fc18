local t = {}
for i = 1, 50 do
  local pos = (i * 7) % (#t + 1) + 1
  table.insert(t, pos, i)
end
print(table.concat(t, " "))
for i = 1, 20 do
  local pos = (i * 11) % #t + 1
  table.remove(t, pos)
end
print(#t, table.concat(t, " "))
