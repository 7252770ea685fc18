local function split(s, pat)
  local out = {}
  for piece in (s .. ","):gmatch("(.-)" .. pat) do out[#out + 1] = piece end
  return out
end
local r = split("one,two,,four", ",")
print(#r, r[1], r[2], "[" .. r[3] .. "]", r[4])
local words = {}
for w in ("  lots   of   space  "):gmatch("%S+") do words[#words + 1] = w end
print(#words, words[1], words[2], words[3])
