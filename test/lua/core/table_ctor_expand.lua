local function f() return 1, 2, 3 end
local a = {f()}
print(#a)
local b = {f(), f()}
print(#b, b[1], b[2], b[3], b[4])
local c = {f(), x = 1}
print(#c)
local d = {(f())}
print(#d)
local e = {f(), nil}
print(e[1], e[2])
local function none() end
local g = {none()}
print(#g)
local h = {none(), 1}
print(h[1], h[2])
local i = {f(); f()}
print(#i)
