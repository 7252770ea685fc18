-- expect: luajit

print(bit.tobit(0), bit.tobit(1), bit.tobit(-1), bit.tobit(2^31 - 1), bit.tobit(2^31), bit.tobit(2^32))
print(bit.tobit(2^32 + 1), bit.tobit(-2^31), bit.tobit(-2^31 - 1), bit.tobit(2^33 + 5), bit.tobit(-2^32 - 7))
print(bit.tobit(0xffffffff), bit.tobit(0x80000000), bit.tobit(0x7fffffff), bit.tobit(0x100000000))
print(bit.tobit(1e20), bit.tobit(-1e20), bit.tobit(2^53), bit.tobit(2^53 + 2), bit.tobit(2^60 + 2^40 + 3))
