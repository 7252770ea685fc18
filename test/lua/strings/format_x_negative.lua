-- luajit-differs: lua5.1's %x of out-of-range values follows gcc's double to unsigned conversion
print(string.format("%x", -1))
print(string.format("%X", -255))
print(string.format("%x", -2^63))
print(string.format("%x", -1e30))
print(string.format("%x", 2^64))
print(string.format("%x", 1e30))
