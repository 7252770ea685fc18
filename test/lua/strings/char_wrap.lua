-- luajit-differs: lua5.1 casts through a 64-bit integer and keeps the low 32 bits
print(string.char(2^32 + 65))
print(pcall(function() local r = string.char(2^32 + 256) return r end))
print(pcall(function() local r = string.char(-2^32 + 66) return r end))
