-- luajit-differs: luajit does not check math.random(m) for an empty interval
print(pcall(function() local x = math.random(0) end))
print(pcall(function() local x = math.random(-3) end))
print(pcall(function() local x = math.random(0.5) end))
print(pcall(function() local x = math.random(1.5) end))
