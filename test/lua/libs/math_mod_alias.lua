-- luajit-differs: luajit has no math.mod
print(math.mod(7, 3), math.mod(-7, 3), math.mod(5.5, -2))
print(pcall(function() local x = math.mod(1) end))
