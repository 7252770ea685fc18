local s = "a\1b\31c\127d\128e\9f"
print(select(2, string.gsub(s, "%c", "")))
print(string.gsub(s, "%c", "."))
print(select(2, string.gsub(s, "%C", "")))
