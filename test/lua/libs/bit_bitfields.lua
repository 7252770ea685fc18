-- expect: luajit

local function pack(r, g, b, a)
  return bit.bor(bit.lshift(a, 24), bit.lshift(r, 16), bit.lshift(g, 8), b)
end
local function unpackc(c)
  return bit.band(bit.rshift(c, 16), 0xff), bit.band(bit.rshift(c, 8), 0xff), bit.band(c, 0xff), bit.rshift(c, 24)
end
local c = pack(0x12, 0x34, 0x56, 0xff)
print(c, bit.tohex(c), unpackc(c))
local flags = 0
for _, f in ipairs({0, 3, 5, 31}) do flags = bit.bor(flags, bit.lshift(1, f)) end
print(flags, bit.tohex(flags))
for _, f in ipairs({0, 1, 3, 4, 5, 30, 31}) do print(f, bit.band(flags, bit.lshift(1, f)) ~= 0) end
flags = bit.band(flags, bit.bnot(bit.lshift(1, 31)))
print(flags)
