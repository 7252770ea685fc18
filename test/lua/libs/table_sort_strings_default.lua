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
for i = 1, 250 do t[i] = word(6) end
table.sort(t)
show(t, 250)
