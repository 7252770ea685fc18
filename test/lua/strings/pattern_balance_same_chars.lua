print(string.match('say "hi" now', '%b""'))
print(string.match("a|b|c|d", "%b||"))
print(string.match("xx", "%bxx"))
print(string.match("abba", "%bab"))
