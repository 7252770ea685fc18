-- expect: luajit

print(bit.band(0xff), bit.bor(-5), bit.bxor(2^32 + 9))
print(bit.band(0xff, 0xf0, 0x30), bit.bor(1, 2, 4, 8, 16), bit.bxor(1, 3, 7, 15))
local t = {}
for i = 1, 31 do t[i] = 2 ^ (i - 1) end
print(bit.bor(unpack(t)), bit.bxor(unpack(t)), bit.band(unpack(t)))
for i = 1, 31 do t[i] = -1 - 2 ^ (i - 1) end
print(bit.band(unpack(t)))
