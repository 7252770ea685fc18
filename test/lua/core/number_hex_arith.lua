print(0x10 + 0x10, 0xff * 2, 0x0, 0x1 - 0x2)
print(0xABCDEF, 0xabcdef == 11259375)
print(0x10 .. "", 0x7FFFFFFF + 1)
print("0x10" + 0, "0XfF" + 0, "0x10" .. "")
local function hex_digit_value(c) return tonumber(c, 16) end
print(hex_digit_value("a"), hex_digit_value("F"), hex_digit_value("g"))
