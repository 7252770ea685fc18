print(string.match("abc", "()(x*)%2b"))
print(string.match("abc", "(x*)%1"))
print(string.find("abc", "(b*)%1c"))
print(string.match("aa", "()%1"))
