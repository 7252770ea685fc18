print(not nil, not false, not true, not 0, not "x", not {})
print(not not 1, not not nil)
print(not 1 == 2)
print(not (1 == 2))
local a = nil
print(not a and "was nil")
