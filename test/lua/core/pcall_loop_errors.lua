local errors, successes = 0, 0
local msgs = {}
for i = 1, 10 do
  local ok, e = pcall(function()
    if i % 3 == 0 then error("div3:" .. i, 0) end
    if i % 4 == 0 then local t; return t.x end
    return i
  end)
  if ok then successes = successes + 1 else errors = errors + 1; msgs[#msgs + 1] = e end
end
print(successes, errors)
for i = 1, #msgs do print(msgs[i]) end
