for i = 1, 10 do
  if i == 4 then break end
  print("for", i)
end
for k, v in ipairs({1, 2, 3, 4}) do
  if v > 2 then break end
  print("ipairs", v)
end
local n = 0
while true do n = n + 1; if n == 5 then break end end
print("while", n)
for i = 1, 3 do
  for j = 1, 3 do
    if j == 2 then break end
    print("inner", i, j)
  end
end
