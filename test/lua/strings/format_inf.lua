-- luajit-differs: lua5.1's %x of out-of-range values follows gcc's double to unsigned conversion
local inf = 1 / 0
print(string.format("%f %f", inf, -inf))
print(string.format("%e %E %g %G", inf, -inf, inf, -inf))
print(string.format("[%10f] [%-10f] [%010f]", inf, inf, -inf))
print(string.format("[%+f] [% f] [%+f]", inf, inf, -inf))
print(string.format("[%.3f] [%#f] [%5.1g]", inf, inf, -inf))
print(string.format("%d", inf), string.format("%x", inf))
