-- assigning nil to existing fields during traversal is allowed
local t = {}
for i = 1, 10 do t[i] = i end
t.a, t.b = "a", "b"
for k in pairs(t) do t[k] = nil end
print(next(t))
local u = {x = 1, y = 2, z = 3}
local n = 0
for k, v in pairs(u) do u[k] = v * 10; n = n + 1 end
print(n, u.x, u.y, u.z)
