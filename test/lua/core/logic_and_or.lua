print(1 and 2, nil and 2, false and 2, 1 and nil, 1 and false)
print(1 or 2, nil or 2, false or 2, nil or false, false or nil)
print(nil and nil or "default")
print(false or false or "third")
local x = nil
local v = x and x.field or "fallback"
print(v)
local t = {field = "present"}
print(t and t.field or "fallback")
print(1 and false or "ternary pitfall")
