-- expect: luajit

print(bit.band(0xff, 0x0f), bit.band(-1, 0x80000000), bit.band(0xf0f0f0f0, 0x0ff00ff0), bit.band(5, 3))
print(bit.bor(0xf0, 0x0f), bit.bor(0x80000000, 1), bit.bor(0, 0), bit.bor(5, 3))
print(bit.bxor(0xff, 0x0f), bit.bxor(-1, 0x12345678), bit.bxor(5, 3), bit.bxor(7, 7))
print(bit.band(2^32 + 3, 7), bit.bor(2^31, 0), bit.bxor(2^33 - 1, 0), bit.band(1.5, 3), bit.bor(2.5, 0))
