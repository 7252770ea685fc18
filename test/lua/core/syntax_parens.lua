local function f() return 1, 2, 3 end
print((f()))
print(((f())))
print((function() return "iife" end)())
print(({10, 20})[2])
print(({x = "field"}).x)
print(("literal"))
local t = {f = f}
print((t.f)())
print((t).f())
local v = (1 + 2) * (3 + 4)
print(v, ((((v)))))
