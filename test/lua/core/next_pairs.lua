local t = {}
print(next(t))
t.only = 1
print(next(t))
print(next(t, "only"))
local function sorted_keys(tbl)
  local ks = {}
  for k in pairs(tbl) do ks[#ks + 1] = k end
  for i = 2, #ks do
    local v, j = ks[i], i - 1
    while j >= 1 and ks[j] > v do ks[j + 1] = ks[j]; j = j - 1 end
    ks[j + 1] = v
  end
  return ks
end
local ks = sorted_keys({c = 3, a = 1, b = 2, d = 4})
print(#ks, ks[1], ks[2], ks[3], ks[4])
local sum = 0
for k, v in pairs({10, 20, 30, x = 40}) do sum = sum + v end
print(sum)
local f, s, init = pairs({})
print(type(f), init, f(s))
