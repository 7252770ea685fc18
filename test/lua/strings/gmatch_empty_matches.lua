local t = {}
for m in string.gmatch("abc", "x*") do t[#t + 1] = "[" .. m .. "]" end
print(#t, t[1], t[2], t[3], t[4])
local u = {}
for m in string.gmatch("aab", "a*") do u[#u + 1] = "[" .. m .. "]" end
print(#u, u[1], u[2], u[3])
for p in string.gmatch("abc", "()") do print(p) end
