-- before the subject and at its end the frontier sees '\0'
print(string.find("abc", "%f[%a]"))
print(string.find("abc", "%f[%z]"))
print(string.find("abc", "%f[%A]"))
print(string.find("", "%f[%z]"))
print(string.find("a\0b", "%f[%z]"))
print(string.find("a\0b", "%f[^%z]", 2))
