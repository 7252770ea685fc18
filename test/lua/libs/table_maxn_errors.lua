print(pcall(function() local n = table.maxn() end))
print(pcall(function() local n = table.maxn(nil) end))
print(pcall(function() local n = table.maxn("abc") end))
print(pcall(function() local n = table.maxn(5) end))
