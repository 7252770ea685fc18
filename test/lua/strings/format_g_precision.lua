-- luajit-differs: luajit's own number formatting rounds exact decimal ties away from zero
print(string.format("%.1g %.2g %.3g", 123.456, 123.456, 123.456))
print(string.format("%.0g %.0g %.0g", 2.5, 3.5, 0.25))
print(string.format("%.10g", 2^53))
print(string.format("%.14g", 0.1))
print(string.format("%.17g", 0.1))
print(string.format("%.20g", 1 / 3))
print(string.format("%.3g %.3g", 0.0001234, 1234))
print(string.format("%.14g", 2^-21))
