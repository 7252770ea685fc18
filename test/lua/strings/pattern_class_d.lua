print(string.gsub("a1b22c333", "%d", "#"))
print(string.gsub("a1b22c333", "%D", "#"))
print(string.match("x 0123456789 y", "%d+"))
print(string.match("\178\179", "%d"))
