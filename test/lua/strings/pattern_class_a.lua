print(string.gsub("Hello, World! 123 _x", "%a", "*"))
print(string.gsub("Hello, World! 123 _x", "%A", "*"))
print(string.match("\200abc\233", "%a+"))
