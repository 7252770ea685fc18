local function parse(v)
  local t = {}
  for n in v:gmatch("%d+") do t[#t + 1] = tonumber(n) end
  return t
end
local function cmp(a, b)
  local x, y = parse(a), parse(b)
  for i = 1, (#x > #y and #x or #y) do
    local p, q = x[i] or 0, y[i] or 0
    if p ~= q then return p < q and -1 or 1 end
  end
  return 0
end
print(cmp("1.2.3", "1.2.10"), cmp("2.0", "2"), cmp("10.0", "9.9.9"), cmp("1.0.0-rc1", "1.0.0"))
