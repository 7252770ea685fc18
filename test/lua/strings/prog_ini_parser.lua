local ini = [[
; comment
[server]
host = example.com
port=8080

[client]
  name = test user
retries = 3
]]
local section = "global"
for line in ini:gmatch("[^\n]+") do
  local s = line:match("^%[([^%]]+)%]$")
  if s then section = s
  elseif not line:match("^%s*;") then
    local k, v = line:match("^%s*([%w_]+)%s*=%s*(.-)%s*$")
    if k then print(section .. "." .. k .. " = [" .. v .. "]") end
  end
end
