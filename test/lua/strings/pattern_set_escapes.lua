print(string.gsub("a.b%c[d]e", "[%.%%]", "_"))
print(string.gsub("a.b%c[d]e", "[%[%]]", "_"))
print(string.gsub("a-b", "[%-]", "_"))
print(string.gsub("a^b", "[x^]", "_"))
