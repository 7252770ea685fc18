-- a very deep stack and a runtime error: the outermost levels are still the last 10
local function dive(n)
  if n == 0 then local t = nil; return t.x end
  local r = dive(n - 1)
  return r
end
dive(3000)
