local t = {x = 1, y = 2, ["z"] = 3, [1 + 1] = "two", [true] = "yes"}
print(t.x, t.y, t.z, t[2], t[true])
local k = "key"
local u = {[k] = "val", [k .. "2"] = "val2"}
print(u.key, u.key2)
local v = {["with space"] = 1, ["1"] = "string one", [1] = "number one"}
print(v["with space"], v["1"], v[1])
local w = {f = function(x) return x * 3 end}
print(w.f(3))
