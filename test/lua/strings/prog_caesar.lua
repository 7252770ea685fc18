local function rot(s, k)
  return (s:gsub("%a", function(c)
    local base = c:match("%l") and 97 or 65
    return string.char((c:byte() - base + k) % 26 + base)
  end))
end
local msg = "Hello, World! xyz ABC"
print(rot(msg, 13))
print(rot(rot(msg, 13), 13))
print(rot(msg, 3), rot(msg, -3))
