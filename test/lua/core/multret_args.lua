local function f() return "a", "b" end
local function count(...) return select("#", ...) end
print(count(f()))
print(count(f(), f()))
print(count((f())))
print(count(f(), nil))
print(count(nil, f()))
local function none() end
print(count(none()))
print(count(none(), none()))
print(count((none())))
