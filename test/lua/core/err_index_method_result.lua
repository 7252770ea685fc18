local function returns_nil() return nil end
print(pcall(function() return returns_nil().x end))
print(pcall(function() return ({}).x.y end))
print(pcall(function() local a = {b = {}}; return a.b.c.d end))
