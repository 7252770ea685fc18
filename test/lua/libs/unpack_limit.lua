print(pcall(function() local n = select("#", unpack({}, 1, 7997)) return n end))
print(pcall(function() local n = select("#", unpack({}, 1, 7998)) return n end))
print(pcall(function() local n = select("#", unpack({}, 2, 7998)) return n end))
local t = {}
for i = 1, 7999 do t[i] = i end
print(pcall(function() local n = select("#", unpack(t)) return n end))
t[8000] = 8000
print(pcall(function() local n = select("#", unpack(t)) return n end))
print(pcall(function() local n = select("#", unpack(t, 2)) return n end))
print(pcall(function() local n = select("#", unpack(t, 1, 1e9)) return n end))
print(pcall(function() local n = select("#", unpack(t, -1e6, 1e6)) return n end))
