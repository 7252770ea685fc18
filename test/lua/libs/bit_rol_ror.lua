-- expect: luajit

print(bit.rol(0x12345678, 4), bit.ror(0x12345678, 4), bit.rol(0x12345678, 0), bit.ror(0x12345678, 0))
print(bit.rol(1, 31), bit.rol(1, 32), bit.rol(1, 33), bit.ror(1, 1), bit.ror(1, 32), bit.ror(1, -1))
print(bit.rol(-1, 7), bit.ror(-1, 13), bit.rol(0x80000000, 1), bit.ror(0x80000000, 31))
for i = 0, 8 do print(i, bit.tohex(bit.rol(0x87654321, i * 4)), bit.tohex(bit.ror(0x87654321, i * 4))) end
