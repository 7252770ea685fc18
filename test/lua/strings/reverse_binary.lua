local s = string.reverse("a\0b\255")
print(#s)
print(string.byte(s, 1, -1))
print(pcall(function() local r = string.reverse() return r end))
