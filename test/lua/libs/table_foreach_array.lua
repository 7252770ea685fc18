table.foreach({"a", "b", "c"}, print)
table.foreach({}, print)
table.foreach({x = 1}, print)
print(table.foreach({10, 20, 30}, function(k, v) if v == 20 then return "found", k end end))
print(select("#", table.foreach({1, 2}, function() end)))
local count = 0
table.foreach({1, 2, 3, 4, 5}, function() count = count + 1 end)
print(count)
