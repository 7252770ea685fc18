-- luajit-differs: luajit's own number formatting rounds exact decimal ties away from zero
print(string.format("[%10.2f]", 3.14159))
print(string.format("[%-10.2f]", 3.14159))
print(string.format("[%010.2f]", -3.14159))
print(string.format("[%+.2f] [%+.2f]", 1, -1))
print(string.format("[% .2f] [% .2f]", 1, -1))
print(string.format("[%05.1f]", 9.96))
print(string.format("[%#.0f] [%#5.0f]", 3, 3))
print(string.format("[%-+8.1f]", 2.25))
