print(string.gsub("abc_123-XYZ.!", "%w", "w"))
print(string.gsub("abc_123-XYZ.!", "%W", "W"))
print(string.match("\233t\233", "%w+"))
