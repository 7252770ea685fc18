local function split(s, sep)
  local parts = {}
  local start = 1
  while true do
    local i, j = string.find(s, sep, start, true)
    if not i then parts[#parts + 1] = s:sub(start); break end
    parts[#parts + 1] = s:sub(start, i - 1)
    start = j + 1
  end
  return parts
end
for _, s in ipairs({ "a,b,c", "a,,b", ",", "", "abc", "a, b, c" }) do
  local p = split(s, ",")
  local line = #p .. ":"
  for i = 1, #p do line = line .. "[" .. p[i] .. "]" end
  print(line)
end
local p = split("a::b::c", "::")
print(#p, p[1], p[2], p[3])
