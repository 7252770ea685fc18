local mt = getmetatable("")
print(type(mt), type(mt.__index), mt.__index == string)
print(("abc").len == string.len)
print(#("abc"):rep(3))
