-- expect: luajit

print(bit.tohex(0), bit.tohex(1), bit.tohex(255), bit.tohex(-1), bit.tohex(0x12345678), bit.tohex(0xabcdef))
print(bit.tohex(2^31), bit.tohex(-2^31), bit.tohex(2^32 + 5), bit.tohex(1.5), bit.tohex(2.5), bit.tohex(-1.5))
print(bit.tohex(0xdeadbeef), bit.tohex(-0x21524111), bit.tohex(1e20))
