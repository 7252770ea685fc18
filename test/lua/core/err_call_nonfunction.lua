print(pcall(function() local n = 1; n() end))
print(pcall(function() local s = "str"; s() end))
print(pcall(function() local t = {}; t() end))
print(pcall(function() local b = true; b() end))
global_num = 5
print(pcall(function() global_num() end))
local up = {}
print(pcall(function() up() end))
print(pcall(function() local t = {f = 1}; t.f() end))
print(pcall(function() local t = {f = 1}; t:f() end))
