-- strings of 100+ bytes without a precision are copied whole, ignoring the width
local s = string.rep("x", 150)
print(#string.format("%s", s))
print(#string.format("%-99s|", s))
print(#string.format("%99s|", string.rep("y", 99)))
print(#string.format("%99s|", string.rep("y", 100)))
print(#string.format("%.99s|", s))
