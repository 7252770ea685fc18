local t = {}
for i = 1, 20 do t[i] = i * i end
local out = {}
while #t > 0 do
  local v
  if #t % 2 == 0 then v = table.remove(t, 1) else v = table.remove(t) end
  out[#out + 1] = v
end
print(table.concat(out, " "))
print(#t)
