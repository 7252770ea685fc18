-- luajit-differs: luajit names the missing argument 'nil' instead of 'no value'
print(table.getn({}))
print(table.getn({1, 2, 3}))
print(table.getn({n = 10}))
print(table.getn({1, 2, 3, x = 4}))
local t = {}
for i = 1, 100 do t[i] = i end
print(table.getn(t))
print(pcall(function() local n = table.getn() end))
print(pcall(function() local n = table.getn(nil) end))
print(pcall(function() local n = table.getn("x") end))
