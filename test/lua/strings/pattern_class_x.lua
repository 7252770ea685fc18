print(string.gsub("0123456789abcdefABCDEFghijGHIJ", "%x", "x"))
print(string.gsub("0123456789abcdefABCDEFghijGHIJ", "%X", "X"))
print(string.match("0xDEADbeefZZ", "0x(%x+)"))
