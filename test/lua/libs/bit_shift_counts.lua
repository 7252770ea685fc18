-- expect: luajit

print(bit.lshift(1, 32), bit.lshift(1, 33), bit.lshift(1, -1), bit.lshift(1, -31), bit.lshift(1, 64 + 3))
print(bit.rshift(0x80000000, 32), bit.rshift(0x80000000, 33), bit.rshift(0x80000000, -1))
print(bit.arshift(0x80000000, 32), bit.arshift(0x80000000, -1), bit.arshift(0x80000000, 35))
print(bit.lshift(1, 2.5), bit.lshift(1, 3.5), bit.lshift(1, "4"), bit.lshift(1, 2^32 + 2))
