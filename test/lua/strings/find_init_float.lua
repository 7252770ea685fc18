print(string.find("abcabc", "a", 2.5))
print(string.find("abcabc", "a", "4"))
print(string.find("abcabc", "b", -2.9))
