-- expect: luajit

local function sext(x, bits)
  local shift = 32 - bits
  return bit.arshift(bit.lshift(x, shift), shift)
end
print(sext(0xff, 8), sext(0x7f, 8), sext(0x8000, 16), sext(0x7fff, 16), sext(0xfff, 12), sext(5, 3))
