print(math.min(1, 2, 3), math.max(1, 2, 3))
print(math.min(3, 2, 1), math.max(3, 2, 1))
print(math.min(5), math.max(5))
print(math.min(-1/0, 0), math.max(1/0, 0))
print(math.min(1.5, 1.25, 1.75), math.max(-1.5, -1.25, -1.75))
print(math.min("10", 9), math.max("10", 9), math.max("0x10", 3))
local t = {}
for i = 1, 100 do t[i] = (i * 37) % 101 end
print(math.min(unpack(t)), math.max(unpack(t)))
