-- expect: luajit

local a, b = 0x5a5a5a5a, 0x0ff0f00f
print(bit.bxor(bit.band(a, b), bit.bor(a, b)), bit.band(bit.bnot(a), b), bit.bor(bit.rol(a, 3), bit.ror(b, 5)))
print(bit.tohex(bit.bxor(a, bit.arshift(b, 3))), bit.tohex(bit.lshift(bit.rshift(a, 4), 4)))
local acc = 0
for i = 1, 1000 do acc = bit.bxor(bit.rol(acc, 5), i * 2654435761) end
print(acc, bit.tohex(acc))
