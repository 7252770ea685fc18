print(string.byte("abcdef", 2.7))
print(string.byte("abcdef", "3"))
print(string.byte("abcdef", 1.9, 3.9))
print(string.byte("abcdef", -1.5))
