local i = 0
while i < 3 do
  i = i + 1
  local j = 0
  while true do
    j = j + 1
    if j > i then break end
    print(i, j)
  end
end
print("end", i)
