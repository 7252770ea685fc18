local fs = {}
for i, v in ipairs({"p", "q", "r"}) do
  fs[i] = function() return i .. v end
end
print(fs[1](), fs[2](), fs[3]())
for i, v in ipairs({1, 2}) do
  i = "changed"
  print(i, v)
end
