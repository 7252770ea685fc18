local t = {"a", x = "X", "b", [10] = "ten", "c"; y = "Y"}
print(t[1], t[2], t[3], t.x, t.y, t[10], #t)
-- explicit index then positional: positional wins
local u = {[1] = "explicit", "positional"}
print(u[1])
local v = {"positional", [1] = "explicit"}
print(v[1] == "positional" or v[1] == "explicit")
