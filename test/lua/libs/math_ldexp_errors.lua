-- luajit-differs: luajit checks math.ldexp's arguments left to right
print(pcall(function() local x = math.ldexp(1) end))
print(pcall(function() local x = math.ldexp() end))
print(pcall(function() local x = math.ldexp(1, "x") end))
print(pcall(function() local x = math.ldexp({}, 1) end))
print(pcall(function() local x = math.ldexp(1, nil) end))
