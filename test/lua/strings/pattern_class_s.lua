local s = "a b\tc\nd\ve\ff\rg\0h\160i"
print(select(2, string.gsub(s, "%s", "")))
print(string.byte(string.gsub(s, "%s", ""), 1, -1))
print(string.gsub("  a  b  ", "%S", "x"))
