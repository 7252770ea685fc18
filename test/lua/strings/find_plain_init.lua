local s = "one two one two"
print(s:find("one"))
print(s:find("one", 2))
print(s:find("two", 6))
print(s:find("two", 14))
print(s:find("two", 13))
print(s:find("o", 16))
print(s:find("o", 15))
