-- luajit-differs: luajit's math.ceil(-0.99) gives 0, not -0
print(math.floor(3.7), math.floor(-3.7), math.floor(3), math.floor(-3), math.floor(0.5))
print(math.ceil(3.2), math.ceil(-3.2), math.ceil(3), math.ceil(-3), math.ceil(0.5))
print(math.floor(2^53 + 0.5), math.floor(1e300), math.floor(-1e300), math.ceil(1e-300))
print(math.floor(1/0), math.floor(-1/0), math.ceil(1/0), math.ceil(-1/0))
print(math.floor("2.5"), math.ceil("2.5"), math.floor(" 7 "))
print(math.floor(-0.5), math.ceil(-0.5), math.ceil(-0.99))
