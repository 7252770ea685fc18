-- luajit-differs: luajit's table library has no setn (and has extra functions in 2.1)
local names = {}
for k, v in pairs(table) do names[#names + 1] = k .. ":" .. type(v) end
table.sort(names)
print(table.concat(names, " "))
