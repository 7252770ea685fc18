-- '^' is only an anchor at the start of the pattern
print(string.find("a^b", "a^b"))
print(string.find("a^b", "^a^b"))
print(string.find("ab", "a^b"))
print(string.match("x^y", "(%^)"))
