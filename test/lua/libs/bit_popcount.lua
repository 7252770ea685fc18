-- expect: luajit

local function popcount(x)
  local n = 0
  while x ~= 0 do
    x = bit.band(x, x - 1)
    n = n + 1
  end
  return n
end
local out = {}
for _, v in ipairs({0, 1, 3, 255, -1, 0x80000000, 0x55555555, 0x12345678, -2}) do out[#out + 1] = popcount(v) end
print(table.concat(out, " "))
