-- -0 is made at run time: a folded -0 constant would share the constant slot of 0 in 5.1
local zero = 0
local nz = -zero
print(string.format("%f %.0f %e %g", nz, nz, nz, nz))
print(string.format("%.2f", -0.001))
print(string.format("%.0f", -0.4))
print(string.format("%+f %+.1f % f", nz, zero, nz))
print(string.format("[%8.2f] [%-8.1e] [%08.3f]", nz, nz, nz))
print(string.format("%d %x %s", nz, nz, nz))
