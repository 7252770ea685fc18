print(table.maxn({}))
print(table.maxn({1, 2, 3}))
print(table.maxn({1, 2, nil, 4}))
print(table.maxn({[10] = 1}))
print(table.maxn({[1] = 1, [100] = 2, [50] = 3}))
print(table.maxn({x = 1, y = 2}))
local t = {1, 2, 3}
t[3] = nil
print(table.maxn(t))
t[1000] = true
print(table.maxn(t))
t[1000] = nil
print(table.maxn(t))
