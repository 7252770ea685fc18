local s = "abcdef"
print("[" .. s:sub(7) .. "]")
print("[" .. s:sub(4, 100) .. "]")
print("[" .. s:sub(100, 200) .. "]")
print("[" .. s:sub(5, 2) .. "]")
print("[" .. s:sub(-100, 100) .. "]")
