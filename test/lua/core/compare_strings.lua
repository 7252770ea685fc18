print("a" < "b", "b" < "a", "a" < "ab", "abc" < "abd", "" < "a")
print("Z" < "a", "10" < "9", "a" <= "a", "b" >= "a")
print("abc" == "abc", "abc" ~= "ABC")
print("a\0b" < "a\0c", "a\0" > "a")
