-- match has no plain fast path in 5.1: ')' is a pattern error, other non-specials are literal
print(string.match("a}b", "}b"))
print(string.match("a]b", "]b"))
print(pcall(function() local r = string.match("a)b", ")b") return r end))
print(string.match("hello", "ell"))
