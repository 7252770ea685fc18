local function sort(a)
  for i = 2, #a do
    local v = a[i]
    local j = i - 1
    while j >= 1 and a[j] > v do
      a[j + 1] = a[j]
      j = j - 1
    end
    a[j + 1] = v
  end
  return a
end
local t = {zeta = 1, alpha = 2, mid = 3, beta = 4}
local keys = {}
for k, v in pairs(t) do keys[#keys + 1] = k end
sort(keys)
for i = 1, #keys do print(keys[i], t[keys[i]]) end
local n = 0
for k in pairs({1, 2, 3, x = 1}) do n = n + 1 end
print("count", n)
