local function divide(a, b)
  assert(b ~= 0, "division by zero")
  return a / b
end
print(pcall(divide, 10, 2))
print(pcall(divide, 1, 0))
local function checked(x)
  local v = assert(tonumber(x), "not a number: " .. tostring(x))
  return v
end
print(pcall(checked, "12"))
print(pcall(checked, "twelve"))
