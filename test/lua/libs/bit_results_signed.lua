-- expect: luajit

local vals = {bit.bor(0x80000000, 0), bit.lshift(1, 31), bit.bnot(0x7fffffff), bit.bswap(0x80), bit.rol(1, 31), bit.band(0xffffffff, 0xffffffff)}
for i = 1, #vals do print(vals[i], vals[i] < 0, vals[i] == math.floor(vals[i])) end
print(bit.tobit(0xffffffff) == -1, bit.band(0xffffffff) == -1)
