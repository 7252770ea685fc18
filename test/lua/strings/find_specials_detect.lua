-- a pattern without special characters is searched plainly, and ')' or ']' are not special
print(string.find("a)b", ")"))
print(string.find("a]b", "]"))
print(string.find("a}b{", "}b{"))
print(string.find("x=1", "="))
print(string.find("a.b", "."))
print(string.find("a-b", "-"))
print(string.find("a-b", "a-"))
