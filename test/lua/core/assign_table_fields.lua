local t = {}
t.a = 1
t["b"] = 2
t[1] = "one"
t[1.0] = "one again"
t[2] = "two"
print(t.a, t.b, t[1], t[2])
local k = "dyn"
t[k] = "dynamic"
print(t.dyn, t["d" .. "yn"])
t.nested = {deep = {value = 42}}
print(t.nested.deep.value)
t.nested.deep.value = 43
print(t["nested"]["deep"]["value"])
t[true] = "bool key"
print(t[true], t[false])
