local t = {}
for i = 1, 2000 do t[i] = i % 10 end
local s = table.concat(t)
print(#s)
local s2 = table.concat(t, ", ")
print(#s2)
local parts = {}
for i = 1, 300 do parts[i] = "ab" end
local big = table.concat(parts, "cd")
print(#big)
local words = {}
for i = 1, 50 do words[i] = tostring(i * i) end
print(table.concat(words, " "))
