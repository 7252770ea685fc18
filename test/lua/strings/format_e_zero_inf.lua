print(string.format("%e", 0))
local zero = 0
print(string.format("%e", -zero))
print(string.format("%e %e", 1 / 0, -1 / 0))
print(string.format("%E %E", 1 / 0, -1 / 0))
print(string.format("[%12e] [%-12e] [%012e]", 1 / 0, -1 / 0, 1 / 0))
print(string.format("[%+e] [% e]", 1 / 0, 1 / 0))
print(string.format("%.3e", 0))
