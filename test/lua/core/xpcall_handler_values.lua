-- the handler's return value replaces the error
print(xpcall(function() error("e") end, function() return nil end))
print(xpcall(function() error("e") end, function() end))
print(xpcall(function() error("e") end, function(m) return 1, 2, 3 end))
local count = 0
print(xpcall(function() error("e") end, function(m) count = count + 1; return count end))
print(count)
