local t = {}
t[1] = "int"
print(t[1.0])
t[2.0] = "float key"
print(t[2], #t)
t["1"] = "string"
print(t[1], t["1"])
t[2^53] = "big"
print(t[2^53])
t[0.5] = "half"
print(t[0.5], t[1 / 2])
local k = 3
t[k / 1] = "three"
print(t[3], #t)
