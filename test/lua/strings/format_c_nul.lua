-- luajit-differs: luajit's string.format keeps NUL bytes produced by %c
-- sprintf writes %c of 0 into a C buffer: the item ends at the NUL
print(#string.format("%c", 0))
print(#string.format("a%cb", 0))
print(#string.format("%5c", 0))
print(#string.format("%-5c", 0))
print(string.format("[%c]", 256))
