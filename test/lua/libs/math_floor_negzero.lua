local negzero = 0
negzero = -negzero

print(math.floor(negzero), math.ceil(negzero))
print(1 / math.floor(negzero), 1 / math.ceil(-0.5))
print(math.ceil(-0.25), 1 / math.ceil(-0.25))
