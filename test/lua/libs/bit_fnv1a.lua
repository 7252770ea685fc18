-- expect: luajit

local function fnv1a(bytes)
  local h = 0x811c9dc5
  for i = 1, #bytes do
    h = bit.bxor(h, bytes[i])
    -- multiply by the FNV prime 16777619 = 2^24 + 0x193 with 32-bit wraparound
    h = bit.tobit(bit.lshift(h, 24) + bit.tobit(h * 0x193))
  end
  return h
end
print(bit.tohex(fnv1a({})), bit.tohex(fnv1a({97})), bit.tohex(fnv1a({102, 111, 111, 98, 97, 114})))
local data = {}
for i = 1, 200 do data[i] = (i * 7 + 3) % 256 end
print(bit.tohex(fnv1a(data)))
