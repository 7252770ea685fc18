-- '%' followed by a non-digit in the replacement copies that character
print(string.gsub("abc", "b", "%x"))
print(string.gsub("abc", "b", "%a%b"))
print(string.gsub("abc", "b", "%-%.%["))
print(string.byte(string.gsub("abc", "b", "100%"), 1, -1))
print(#string.gsub("abc", "b", "%"))
print(string.byte(string.gsub("abc", "b", "%"), 1, -1))
print(string.byte(string.gsub("abc", "b", "x%"), 1, -1))
