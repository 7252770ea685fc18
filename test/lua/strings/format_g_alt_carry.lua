-- luajit-differs: lua5.1 inherits glibc's %#g output when rounding carries into the exponent style
-- glibc prints "1.e+06" (not "1.00000e+06") when rounding carries %g into the e-style
print(string.format("%#g", 999999.5))
print(string.format("%#.3g", 999.9))
print(string.format("%#.2g", 99.99))
print(string.format("%#.3g", 9.9999))
print(string.format("%#g", 9999999))
print(string.format("%#G", 999999.5))
print(string.format("%g %.3g", 999999.5, 999.9))
