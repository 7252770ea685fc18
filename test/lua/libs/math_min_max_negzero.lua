-- luajit-differs: luajit's min/max return a different zero when given 0 and -0
local negzero = 0
negzero = -negzero

print(math.max(negzero, 0), math.max(0, negzero), math.min(0, negzero), math.min(negzero, 0))
