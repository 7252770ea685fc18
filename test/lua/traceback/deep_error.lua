-- a deep stack: 10 levels, "...", the last 10 levels (error() raised)
local function dive(n)
  if n == 0 then error("bottom") end
  local r = dive(n - 1)
  return r
end
local function start() dive(25) end
start()
