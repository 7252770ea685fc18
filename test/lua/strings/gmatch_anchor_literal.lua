-- in 5.1 gmatch does not treat '^' as an anchor: it matches a literal '^'
for m in string.gmatch("^a^a b^a", "^a") do print(m) end
local n = 0
for m in string.gmatch("aaa", "^a") do n = n + 1 end
print(n)
for m in string.gmatch("hello", "^h") do print("anchored", m) end
