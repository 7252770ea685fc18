-- expect: luajit

local crcTable = {}
for i = 0, 255 do
  local c = i
  for _ = 1, 8 do
    if bit.band(c, 1) == 1 then c = bit.bxor(bit.rshift(c, 1), 0xEDB88320) else c = bit.rshift(c, 1) end
  end
  crcTable[i] = c
end
local function crc32(bytes)
  local crc = bit.bnot(0)
  for i = 1, #bytes do
    crc = bit.bxor(bit.rshift(crc, 8), crcTable[bit.band(bit.bxor(crc, bytes[i]), 0xff)])
  end
  return bit.bnot(crc)
end
-- "123456789" as bytes
print(bit.tohex(crc32({49, 50, 51, 52, 53, 54, 55, 56, 57})))
local data = {}
for i = 1, 1000 do data[i] = (i * 31) % 256 end
print(bit.tohex(crc32(data)), crc32(data))
print(bit.tohex(crcTable[1]), bit.tohex(crcTable[255]))
