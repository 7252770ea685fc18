local t = {a = 1, b = 2, c = 3, 4, 5}
local sum, keys = 0, 0
table.foreach(t, function(k, v) sum = sum + v; keys = keys + 1 end)
print(sum, keys)
local names = {}
table.foreach({x = 1, y = 2, z = 3}, function(k) names[#names + 1] = k end)
table.sort(names)
print(table.concat(names, ","))
