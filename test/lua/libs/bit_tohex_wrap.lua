-- expect: luajit

for _, n in ipairs({253, 254, 255, 256, 257, 300, 511, 512, 2^31 - 1, 2^32 - 1, 2^32 + 2, -2^31, -2^31 + 1, -255, -256, -300}) do
  local s = bit.tohex(0x1a2b3c, n)
  local z = bit.tohex(0, n)
  print(n, #s, #z, s == bit.tohex(0x1a2b3c) , #s <= 20 and s or "long")
end
