local t = {}
for i = 1, 100 do t[#t + 1] = i * 2 end
print(#t, t[1], t[50], t[100])
for i = 1, 40 do t[#t] = nil end
print(#t, t[60], t[61])
local s = 0
for i = 1, #t do s = s + t[i] end
print(s)
local u = {}
u[1] = "a"; u[2] = "b"; u[3] = "c"
u[3] = nil
print(#u)
