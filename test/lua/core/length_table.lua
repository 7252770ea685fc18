print(#{}, #{1}, #{1, 2, 3}, #{n = 3})
local t = {}
for i = 1, 10 do t[i] = i end
print(#t)
t[11] = 11
print(#t)
t[11] = nil
print(#t)
local s = {"a", "b", x = "y"}
print(#s)
t[#t + 1] = "appended"
print(#t, t[#t])
