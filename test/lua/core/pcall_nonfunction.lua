print(pcall(nil))
print(pcall(42))
print(pcall({}))
print(pcall(pcall))
