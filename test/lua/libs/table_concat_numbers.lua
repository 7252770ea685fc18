print(table.concat({1, 2, 3}))
print(table.concat({1, 2, 3}, " "))
print(table.concat({1.5, -2.25, 0.1}, " "))
print(table.concat({1/3, 2/3, 10/3}, " "))
print(table.concat({1e15, 1e16, 2^53, 2^63}, " "))
print(table.concat({1e-5, 1e-4, 123e-7}, " "))
print(table.concat({100, 1e100, -1e-100}, " "))
print(table.concat({3.14159265358979}, " "))
print(table.concat({1/0, -1/0}, " "))
print(table.concat({"a", 1, "b", 2.5}, ""))
local z = 0
z = -z
print(table.concat({z, 0}, "|"))
