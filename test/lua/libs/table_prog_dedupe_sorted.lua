local seed = 11
local t = {}
for i = 1, 300 do seed = (seed * 16807) % 2147483647; t[i] = seed % 60 end
table.sort(t)
local i = 2
while i <= #t do
  if t[i] == t[i - 1] then table.remove(t, i) else i = i + 1 end
end
print(#t, table.concat(t, " "))
