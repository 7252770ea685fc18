print(string.sub(12345, 2, 3))
print(string.sub(1.5, 1, 2))
print(string.sub(-7, 1, 1))
print(string.sub(1e100, 1, 4))
