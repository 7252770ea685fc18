print(string.match(3.14159, "%d+%.(%d%d)"))
print(string.match(-12, "%-(%d+)"))
print(string.match(1e20, "e%+(%d+)"))
print(string.match(255, "5+"))
