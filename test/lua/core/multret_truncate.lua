local function f() return 1, 2, 3 end
print(f())
print((f()))
print(f(), "x")
print("x", f())
print(f(), f())
local t = {f(), f()}
print(#t)
local u = {(f())}
print(#u)
local v = {f(), (f())}
print(#v)
local function r1() return (f()) end
print(r1())
local function r2() return f(), 10 end
print(r2())
