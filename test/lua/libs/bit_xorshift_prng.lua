-- expect: luajit

local x = 2463534242
local out = {}
for i = 1, 20 do
  x = bit.bxor(x, bit.lshift(x, 13))
  x = bit.bxor(x, bit.rshift(x, 17))
  x = bit.bxor(x, bit.lshift(x, 5))
  out[i] = bit.tohex(x)
end
print(table.concat(out, " "))
