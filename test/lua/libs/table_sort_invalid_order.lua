local t = {5, 3, 8, 1, 9, 2, 7}
print(pcall(function() table.sort(t, function(a, b) return true end) end))
local u = {}
for i = 1, 50 do u[i] = 50 - i end
print(pcall(function() table.sort(u, function(a, b) return true end) end))
