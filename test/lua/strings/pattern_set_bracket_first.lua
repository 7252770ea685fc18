-- ']' right after '[' or '[^' belongs to the set
print(string.gsub("a]b]c", "[]]", "!"))
print(string.gsub("a]b]c", "[^]]", "!"))
print(string.gsub("a]b-c", "[]-]", "!"))
print(string.gsub("a[b]c", "[][]", "!"))
print(string.gsub("a]b", "[%]]", "!"))
