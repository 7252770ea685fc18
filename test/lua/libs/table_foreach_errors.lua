-- luajit-differs: luajit says 'got nil' for a missing argument
print(pcall(function() table.foreach({}, 1) end))
print(pcall(function() table.foreach({}) end))
print(pcall(function() table.foreach(nil, print) end))
print(pcall(function() table.foreachi(nil, print) end))
print(pcall(function() table.foreachi({}, nil) end))
print(pcall(function() table.foreachi({}, {}) end))
print(pcall(function() table.foreach({1}, function(k, v) error("inside " .. k) end) end))
