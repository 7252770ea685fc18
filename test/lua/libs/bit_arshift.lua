-- expect: luajit

print(bit.arshift(256, 4), bit.arshift(-256, 4), bit.arshift(-1, 31), bit.arshift(0x80000000, 31), bit.arshift(0x7fffffff, 30))
print(bit.arshift(-1, 0), bit.arshift(-17, 2), bit.arshift(17, 2), bit.arshift(0x80000000, 1))
