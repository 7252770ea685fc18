-- luajit-differs: lua5.1 formats with C printf("%.14g") (exact binary value, ties to even); luajit rounds exact ties up
-- 123456789012345 is exactly representable; its 15th digit is a tie
print(123456789012345)
print(123456789012345 .. "")
print(tostring(0.5), tostring(2.5))
-- exact ties at the 14th significant digit
print(100000000000005, 100000000000015)
print(1000000000000025 / 10)
