print(pcall(function() local t = {}; t[nil] = 1 end))
print(pcall(function() local t = {}; local k; t[k] = 1 end))
print(pcall(function() local t = {}; t[0/0] = 1 end))
print(pcall(function() local nan = 0/0; return {[nan] = 1} end))
print(pcall(function() return {[nil] = 1} end))
local t = {}
print(t[nil], t[0/0])
print(pcall(rawset, t, nil, 1))
