local up
local upnum = 1
print(pcall(function() return up.x end))
print(pcall(function() up.x = 1 end))
print(pcall(function() return upnum.field end))
print(pcall(function() return up[1] end))
