print(string.format("%d %s %5.2f %x %c %q %g %%", 1, "two", 3.14159, 255, 65, "q", 1e20))
print(string.format("%s", "a", "extra", "args"))
print(string.format("%d-%d-%d-%d-%d-%d-%d-%d-%d-%d", 1, 2, 3, 4, 5, 6, 7, 8, 9, 10))
