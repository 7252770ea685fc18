local function check(x)
  if type(x) ~= "number" then
    error("expected number, got " .. type(x), 2)
  end
  return x
end
local function user()
  return check("str")
end
print(pcall(user))
print(pcall(check, 5))
local ok, e = pcall(function()
  check(nil)
end)
print(ok, e)
