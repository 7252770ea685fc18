local rows = { { "name", "qty", "price" }, { "apple", 3, 0.5 }, { "banana", 12, 0.25 }, { "cherry", 100, 12.5 } }
for i, r in ipairs(rows) do
  if i == 1 then print(string.format("%-8s|%5s|%8s", r[1], r[2], r[3]))
  else print(string.format("%-8s|%5d|%8.2f", r[1], r[2], r[3])) end
end
print(string.rep("-", 23))
