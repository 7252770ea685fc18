local function risky(n)
  if n > 2 then error("too big: " .. n) end
  return n
end
local function wrapper(n)
  local ok, e = pcall(risky, n)
  if not ok then error("wrapped(" .. e .. ")", 0) end
  return e
end
print(pcall(wrapper, 1))
print(pcall(wrapper, 5))
local ok, e = pcall(function()
  local ok2, e2 = pcall(error, "inner", 0)
  error(e2, 0)
end)
print(ok, e)
