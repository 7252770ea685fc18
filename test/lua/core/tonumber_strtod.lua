-- lua5.1 converts strings with C strtod (glibc): inf, nan and hex floats are accepted
print(tonumber("inf"), tonumber("-inf"), tonumber("infinity"), tonumber("1e500"))
print(tonumber("nan") ~= tonumber("nan"), tonumber("NAN") == nil)
print(tonumber("0x1p4"), tonumber("0x1.8"), tonumber("0XA"), tonumber("-0x10"))
print(tonumber("0x"), tonumber("1e+"), tonumber("0x1p"), tonumber(" 0x10 "))
print("0x1p4" + 0, "inf" + 0, "-0x10" * 1)
