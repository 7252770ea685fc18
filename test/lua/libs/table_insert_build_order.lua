local t = {}
for i = 1, 100 do
  if i % 3 == 0 then table.insert(t, 1, i)
  elseif i % 3 == 1 then table.insert(t, i)
  else table.insert(t, math.floor(#t / 2) + 1, i) end
end
print(#t)
local sum, weighted = 0, 0
for i = 1, #t do sum = sum + t[i]; weighted = weighted + i * t[i] end
print(sum, weighted)
print(t[1], t[2], t[50], t[99], t[100])
