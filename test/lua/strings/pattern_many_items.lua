-- long patterns with many recursive items (each '?' that matches recurses once)
local p = string.rep("a?", 150) .. "b"
print(string.find(string.rep("a", 150) .. "b", p))
print(string.find(string.rep("a", 10) .. "b", p))
print(string.match(string.rep("ab", 60), string.rep("(ab)", 30) .. "$") ~= nil)
print(string.find(string.rep("x", 500), string.rep("x", 400)))
