local out = ""
for i = 1, 3 do
  for j = i, 3 do
    out = out .. i .. j .. " "
  end
end
print(out)
local pairs_seen = 0
for a = 1, 5 do for b = 1, 5 do if a + b == 6 then pairs_seen = pairs_seen + 1 end end end
print(pairs_seen)
for i = 1, 2 do
  local i = i * 10
  print("shadowed", i)
end
