print(string.format("[%10g] [%-10g] [%010g]", 1.5, 1.5, -1.5))
print(string.format("[%+g] [% g]", 1.5, 1.5))
print(string.format("[%12.3G]", 1e-10))
print(string.format("[%G] [%G]", 1e-10, 1 / 0))
