local function rle(s)
  local out = ""
  local i = 1
  while i <= #s do
    local c = s:sub(i, i)
    local run = s:match("^" .. (c:match("%W") and "%" .. c or c) .. "+", i)
    out = out .. #run .. c
    i = i + #run
  end
  return out
end
local function unrle(s)
  return (s:gsub("(%d+)(%D)", function(n, c) return c:rep(tonumber(n)) end))
end
for _, s in ipairs({ "aaabccdddd", "abc", "", "....!!", "zzzzzzzzzzzz" }) do
  local e = rle(s)
  print("[" .. e .. "]", unrle(e) == s)
end
