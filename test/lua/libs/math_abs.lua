local negzero = 0
negzero = -negzero

print(math.abs(5), math.abs(-5), math.abs(0), math.abs(-2.5), math.abs(2.5))
print(math.abs(-1/0), math.abs(1/0), math.abs(-1e300), math.abs(-2^53))
print(math.abs(negzero), 1 / math.abs(negzero))
print(math.abs("-3"), math.abs("  -4.5  "), math.abs("0x10"))
