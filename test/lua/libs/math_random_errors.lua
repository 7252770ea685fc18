-- luajit-differs: luajit's math.random checks neither the interval nor the argument count
print(pcall(function() local x = math.random(2, 1) end))
print(pcall(function() local x = math.random(1, 2, 3) end))
print(pcall(function() local x = math.random("x") end))
print(pcall(function() local x = math.random(nil) end))
print(pcall(function() local x = math.random(1, "y") end))
print(pcall(function() local x = math.random({}) end))
print(pcall(function() math.randomseed() end))
print(pcall(function() math.randomseed("seed") end))
