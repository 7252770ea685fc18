-- luajit-differs: luajit does not wrap the exponent to a C int
print(math.ldexp(1, 2^32 + 3))
print(math.ldexp(1, -2^32 + 2))
print(math.ldexp(1, 2^31))
