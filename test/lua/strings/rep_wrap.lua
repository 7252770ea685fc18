-- luajit-differs: lua5.1's luaL_checkint keeps the low 32 bits of a 64-bit cast
print(string.rep("ab", 2^32 + 2))
print("[" .. string.rep("ab", 1e300) .. "]")
print("[" .. string.rep("ab", 2^31) .. "]")
