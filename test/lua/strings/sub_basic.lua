local s = "hello world"
print(string.sub(s, 1, 5))
print(string.sub(s, 7))
print(string.sub(s, 7, 11))
print(string.sub(s, 3, 3))
print(s:sub(2, 4))
print(("abc"):sub(1, -1))
