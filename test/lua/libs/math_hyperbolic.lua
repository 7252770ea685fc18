print(math.sinh(0), math.sinh(1), math.sinh(-1), math.sinh(10))
print(math.cosh(0), math.cosh(1), math.cosh(-1), math.cosh(10))
print(math.tanh(0), math.tanh(1), math.tanh(-1), math.tanh(100), math.tanh(-100))
print(math.sinh(1000), math.sinh(-1000), math.cosh(1000))
