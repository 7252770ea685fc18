print(string.match("abcd", "((a)(b)((c)(d)))"))
print(string.match("key: value", "((%w+): (%w+))"))
print(string.find("xyz", "(x(y(z)))"))
