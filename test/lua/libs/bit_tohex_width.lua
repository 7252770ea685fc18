-- expect: luajit

for _, n in ipairs({1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 12, 15, 16, 17, 20}) do
  print(n, bit.tohex(0x12345678, n), bit.tohex(0x12345678, -n), bit.tohex(-1, n), bit.tohex(0xabc, -n))
end
print("[" .. bit.tohex(255, 0) .. "]", "[" .. bit.tohex(0, 0) .. "]", bit.tohex(0, 1), bit.tohex(0, -3))
