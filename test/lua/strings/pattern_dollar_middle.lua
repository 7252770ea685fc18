-- '$' is only an anchor at the end of the pattern
print(string.find("a$b", "a$b"))
print(string.find("a$b", "$b"))
print(string.find("$", "$$"))
print(string.find("a$", "$"))
print(string.find("a$", "%$$"))
