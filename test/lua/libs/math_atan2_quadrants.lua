local negzero = 0
negzero = -negzero

print(math.atan2(1, 1), math.atan2(1, -1), math.atan2(-1, -1), math.atan2(-1, 1))
print(math.atan2(0, 1), math.atan2(0, -1), math.atan2(1, 0), math.atan2(-1, 0))
print(math.atan2(negzero, -1), math.atan2(negzero, 1), math.atan2(0, 0), math.atan2(negzero, negzero))
print(math.atan2(1/0, 1/0), math.atan2(-1/0, 1), math.atan2(1, -1/0))
print(pcall(function() local x = math.atan2(1) end))
