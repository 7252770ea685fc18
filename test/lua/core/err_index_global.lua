print(pcall(function() return missing_global.field end))
print(pcall(function() missing_global.field = 1 end))
print(pcall(function() return missing_global[1] end))
number_global = 10
print(pcall(function() return number_global.x end))
