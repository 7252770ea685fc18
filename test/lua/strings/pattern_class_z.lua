local s = "a\0b\0\0c"
print(string.find(s, "%z"))
print(string.find(s, "%z+"))
print(string.find(s, "%Z+", 2))
print(select(2, string.gsub(s, "%z", "")))
print(select(2, string.gsub(s, "%Z", "")))
