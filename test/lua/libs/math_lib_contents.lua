-- luajit-differs: luajit has no math.mod (5.1 compat alias)
local names = {}
for k, v in pairs(math) do names[#names + 1] = k .. ":" .. type(v) end
table.sort(names)
print(table.concat(names, " "))
