print(string.len(""), string.len("a"), string.len("hello"))
print(string.len("a\0b"), string.len("\0\0\0"), string.len("\255"))
print(("xyz"):len(), #"xyz")
print(string.len(12345), string.len(1.25), string.len(-0.5))
