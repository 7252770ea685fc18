local code = [[
local x = 1 -- set x
--[==[ not handled ]==]
print("a -- b") -- tricky
-- whole line
y = 2
]]
for line in code:gmatch("[^\n]*") do
  local stripped = line:gsub("%s*%-%-[^\"]*$", "")
  if stripped:match("%S") then print("[" .. stripped .. "]") end
end
