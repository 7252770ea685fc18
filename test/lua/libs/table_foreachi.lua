table.foreachi({10, 20, 30}, print)
table.foreachi({}, print)
local sum = 0
table.foreachi({1, 2, 3, 4}, function(i, v) sum = sum + i * v end)
print(sum)
print(select("#", table.foreachi({1, 2}, function() end)))
local t = {"a", "b", "c"}
t.x = "ignored"
table.foreachi(t, function(i, v) print(i, v) end)
