-- luajit-differs: luajit's own number formatting rounds exact decimal ties away from zero
-- glibc rounds the exact binary value; exact ties go to even
print(string.format("%.0f %.0f %.0f %.0f %.0f", 0.5, 1.5, 2.5, 3.5, 4.5))
print(string.format("%.0f %.0f %.0f", -0.5, -1.5, -2.5))
print(string.format("%.1f %.1f %.1f %.1f", 0.25, 0.75, 0.125, 0.375))
print(string.format("%.2f %.2f %.2f", 0.125, 0.375, 0.625))
print(string.format("%.3f", 1.0625))
print(string.format("%.0f %.0f", 1e15 + 0.5, 2^52 + 0.5))
