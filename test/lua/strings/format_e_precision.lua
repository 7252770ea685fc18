-- luajit-differs: luajit's own number formatting rounds exact decimal ties away from zero
print(string.format("%.0e", 12345))
print(string.format("%.1e", 12345))
print(string.format("%.3e", 12345))
print(string.format("%.10e", 1 / 3))
print(string.format("%.20e", 0.1))
print(string.format("%#.0e", 5))
print(string.format("%.e", 7.77))
