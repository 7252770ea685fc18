-- a quantifier with nothing to repeat is a literal character
print(string.find("a*b", "*"))
print(string.find("+x", "+x"))
print(string.find("x?", "x?"))
print(string.find("a-", "-"))
print(string.match("*", "^*$"))
print(string.match("a**", "a**"))
