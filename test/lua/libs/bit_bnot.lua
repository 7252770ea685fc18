-- expect: luajit

print(bit.bnot(0), bit.bnot(-1), bit.bnot(1), bit.bnot(0x7fffffff), bit.bnot(0x80000000), bit.bnot(2^32))
print(bit.bnot(bit.bnot(12345)), bit.bnot(1.5), bit.bnot("7"))
for i = -3, 3 do print(i, bit.bnot(i), bit.tohex(bit.bnot(i))) end
