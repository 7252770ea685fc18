local function counter()
  local n = 0
  return function()
    n = n + 1
    return n
  end
end
local c1 = counter()
local c2 = counter()
print(c1(), c1(), c1())
print(c2(), c2())
print(c1())
