-- luajit-differs: luajit has no 8000-result stack limit in string.byte and words the error differently
local s = string.rep("x", 9000)
print(pcall(function() local n = select("#", string.byte(s, 1, 7997)) return n end))
print(pcall(function() local n = select("#", string.byte(s, 1, 7998)) return n end))
print(pcall(function() local n = select("#", string.byte(s, 1, -1)) return n end))
