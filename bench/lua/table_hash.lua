-- Hash part of tables with string keys computed at run time (t[k] with k a
-- string variable): read-modify-write of 1000 existing keys, then a pairs() pass.
local keys = {}
for i = 1, 1000 do keys[i] = "key" .. i end
local t = {}
for i = 1, 1000 do t[keys[i]] = 0 end
for rep = 1, 30000 do
  for i = 1, 1000 do
    local k = keys[i]
    t[k] = t[k] + i
  end
end
local s, n = 0, 0
for k, v in pairs(t) do
  s = (s + v) % 1000000007
  n = n + 1
end
print(s, n, t.key1, t.key1000)
