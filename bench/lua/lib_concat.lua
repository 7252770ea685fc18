-- table.concat of many pieces, and building the pieces with tostring and ..
local total = 0
for rep = 1, 10 do
  local t = {}
  for i = 1, 200000 do t[i] = tostring(i * rep) .. "," end
  local s = table.concat(t)
  local u = table.concat(t, ";", 1000, 150000)
  total = total + #s + #u
end
print(total)
