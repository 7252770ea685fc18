local t = {inner = {}}
print(pcall(function() return t.missing.x end))
print(pcall(function() return t.inner.missing.x end))
print(pcall(function() t.missing.x = 1 end))
print(pcall(function() return t["missing"].x end))
t.num = 3
print(pcall(function() return t.num.x end))
