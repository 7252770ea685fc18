local t = {}
for i = 1, 5000 do t[i] = i * 2 end
local u = {unpack(t)}
local sum = 0
for i = 1, #u do sum = sum + u[i] end
print(#u, sum, u[1], u[5000])
local function last(...) return (select(select("#", ...), ...)) end
print(last(unpack(t)))
print(math.max(unpack(t)), math.min(unpack(t, 100, 200)))
