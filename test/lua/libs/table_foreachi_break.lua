print(table.foreachi({10, 20, 30}, function(i, v) if v == 20 then return i, v end end))
print(table.foreachi({10, 20, 30}, function(i, v) if v > 100 then return i end end))
print(table.foreachi({5, 6}, function(i, v) return false end))
print(table.foreachi({5, 6}, function(i, v) if i == 2 then return "found" end end))
local seen = {}
table.foreachi({1, 2, 3, 4, 5}, function(i, v) seen[#seen + 1] = v; if v == 3 then return true end end)
print(#seen)
