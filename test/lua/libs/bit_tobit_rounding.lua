-- expect: luajit

print(bit.tobit(0.5), bit.tobit(1.5), bit.tobit(2.5), bit.tobit(3.5), bit.tobit(-0.5), bit.tobit(-1.5), bit.tobit(-2.5))
print(bit.tobit(0.49), bit.tobit(0.51), bit.tobit(1.4999), bit.tobit(-1.5001), bit.tobit(2^31 - 0.5), bit.tobit(2^31 + 0.5))
print(bit.tobit(1/0), bit.tobit(-1/0), bit.tobit(0/0))
local z = 0
z = -z
print(bit.tobit(z))
