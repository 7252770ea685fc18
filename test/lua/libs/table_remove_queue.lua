local q = {}
local out = {}
for i = 1, 30 do
  table.insert(q, i)
  if i % 3 == 0 then out[#out + 1] = table.remove(q, 1) end
end
while #q > 0 do out[#out + 1] = table.remove(q, 1) end
print(table.concat(out, ","))
