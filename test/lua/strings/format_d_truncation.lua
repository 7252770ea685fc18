print(string.format("%d %d %d %d", 3.9, -3.9, 0.5, -0.5))
print(string.format("%d", 2.5), string.format("%d", 1e15 + 0.5))
print(string.format("%d", "12"), string.format("%d", " 0x10 "), string.format("%d", "1e3"))
