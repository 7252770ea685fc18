local s = "\192\224\255\181abcXYZ\0"
print(string.byte(string.upper(s), 1, -1))
print(string.byte(string.lower(s), 1, -1))
print(string.upper("\233t\233") == "\233T\233")
