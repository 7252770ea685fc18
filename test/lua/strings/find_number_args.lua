print(string.find(12345, 34))
print(string.find(12345, "3."))
print(string.find("x1.5y", 1.5))
print(string.find(1e10, "0+"))
