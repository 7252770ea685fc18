-- expect: luajit

print(bit.bswap(0x12345678), bit.tohex(bit.bswap(0x12345678)), bit.bswap(-1), bit.bswap(0), bit.bswap(1))
print(bit.tohex(bit.bswap(0xff)), bit.tohex(bit.bswap(0xff000000)), bit.bswap(bit.bswap(0x0badf00d)))
print(bit.bswap(2^32 + 0x0102), bit.tohex(bit.bswap(0x80)))
