-- luajit-differs: luajit's own number formatting rounds exact decimal ties away from zero
-- exact binary values, ties to even
print(string.format("%.0e %.0e %.0e %.0e", 15, 25, 35, 45))
print(string.format("%.1e %.1e %.1e", 125, 135, 0.125))
print(string.format("%.2e %.2e", 1.005, 2.675))
print(string.format("%.0e %.0e", 9.5, 0.95))
print(string.format("%.3e", 9.9995))
print(string.format("%.2e", 9.995))
