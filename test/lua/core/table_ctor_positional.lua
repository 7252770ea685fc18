local t = {10, 20, 30}
print(#t, t[1], t[2], t[3], t[4])
local e = {}
print(#e, e[1])
local n = {"a", "b", "c",}
print(#n)
local s = {"a"; "b"; "c";}
print(#s, s[3])
local m = {1, 2; 3, 4}
print(#m, m[4])
local nested = {{1, 2}, {3, {4, 5}}}
print(nested[2][2][2], #nested, #nested[2])
