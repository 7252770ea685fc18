-- expect: luajit

print(bit.lshift(1, 0), bit.lshift(1, 1), bit.lshift(1, 8), bit.lshift(1, 30), bit.lshift(1, 31))
print(bit.lshift(0xff, 24), bit.lshift(-1, 4), bit.lshift(0x12345678, 4))
print(bit.rshift(256, 4), bit.rshift(-1, 1), bit.rshift(-1, 28), bit.rshift(-1, 31), bit.rshift(0x80000000, 31))
print(bit.rshift(-256, 4), bit.rshift(0x12345678, 16), bit.rshift(1, 1))
