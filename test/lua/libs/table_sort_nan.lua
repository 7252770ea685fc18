local nan = 0/0
local function fmt(t, n)
  local s = {}
  for i = 1, n do
    local v = t[i]
    if v ~= v then s[i] = "NaN" else s[i] = tostring(v) end
  end
  return table.concat(s, " ")
end
local t = {3, nan, 1, 2, nan, 5, 4}
print(pcall(function() table.sort(t) end))
print(fmt(t, 8))
local u = {nan, 2, 1}
print(pcall(function() table.sort(u) end))
print(fmt(u, 3))
local w = {}
for i = 1, 30 do w[i] = (i % 4 == 0) and nan or (i * 7) % 11 end
print(pcall(function() table.sort(w) end))
print(fmt(w, 31))
