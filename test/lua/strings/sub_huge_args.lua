-- luajit-differs: lua5.1 casts huge/inf/nan positions to INT64_MIN, luajit saturates
local s = "hello"
local inf = 1 / 0
print("[" .. s:sub(2, inf) .. "]")
print("[" .. s:sub(inf) .. "]")
print("[" .. s:sub(-inf) .. "]")
print("[" .. s:sub(2, 1e10) .. "]")
print("[" .. s:sub(1e300) .. "]")
print("[" .. s:sub(1, -1e300) .. "]")
print("[" .. s:sub(2, 2^53) .. "]")
