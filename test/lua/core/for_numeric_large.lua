local s = 0
for i = 1, 1000 do s = s + i end
print(s)
local p = 0
for i = -100, 100 do p = p + i end
print(p)
local last
for i = 1, 2^31 + 2, 2^30 do last = i end
print(last)
