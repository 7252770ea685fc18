local store = {}
local t = setmetatable({}, {__newindex = store})
t.a = 1
print(rawget(t, "a"), store.a, t.a)
local existing = setmetatable({x = 1}, {__newindex = store})
existing.x = 2
print(existing.x, store.x)
existing.y = 3
print(rawget(existing, "y"), store.y)
local chain_end = {}
local chain_mid = setmetatable({}, {__newindex = chain_end})
local chain_top = setmetatable({}, {__newindex = chain_mid})
chain_top.k = "v"
print(rawget(chain_top, "k"), rawget(chain_mid, "k"), chain_end.k)
