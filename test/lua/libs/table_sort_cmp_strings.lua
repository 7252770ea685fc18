local seed = 20240601
local function rand(n)
  seed = (seed * 16807) % 2147483647
  return seed % n
end
local letters = {"a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m",
  "n", "o", "p", "q", "r", "s", "t", "u", "v", "w", "x", "y", "z"}
local function word(maxlen, alphabet)
  local parts = {}
  for i = 1, 1 + rand(maxlen) do parts[i] = letters[1 + rand(alphabet or 26)] end
  return table.concat(parts)
end
local function show(t, n)
  local s = {}
  for i = 1, n do s[i] = tostring(t[i]) end
  print(table.concat(s, " "))
end

local t = {}
for i = 1, 200 do t[i] = word(8, 5) end
-- by length, then reverse alphabetical
table.sort(t, function(a, b)
  if #a ~= #b then return #a < #b end
  return a > b
end)
show(t, 200)
