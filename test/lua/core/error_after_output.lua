local log = {}
local function step(n)
  log[#log + 1] = "step" .. n
  if n == 3 then error("stop at " .. n, 0) end
end
local ok, e = pcall(function()
  for i = 1, 5 do step(i) end
end)
print(ok, e, #log, log[#log])
local state = 0
pcall(function() state = 1; error("x"); state = 2 end)
print("state", state)
