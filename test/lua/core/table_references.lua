local a = {1, 2, 3}
local b = a
b[1] = "changed"
print(a[1], a == b)
local function mutate(t) t.touched = true end
mutate(a)
print(b.touched)
local c = {a, a}
c[1][2] = "via c"
print(a[2], c[2][2])
local function replace(t) t = {} ; t.x = 1 end
replace(a)
print(a.x)
