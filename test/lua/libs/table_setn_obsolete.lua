-- luajit-differs: luajit has no table.setn
print(pcall(function() table.setn({}, 1) end))
print(pcall(function() table.setn({1, 2, 3}, 1) end))
print(pcall(function() table.setn(nil, 1) end))
print(pcall(function() table.setn() end))
print(pcall(function() table.setn({}) end))
