local s = "abcdef"
print("[" .. s:sub(0) .. "]")
print("[" .. s:sub(0, 0) .. "]")
print("[" .. s:sub(0, 2) .. "]")
print("[" .. s:sub(1, 0) .. "]")
print("[" .. s:sub(3, 0) .. "]")
