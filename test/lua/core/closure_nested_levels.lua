local function outer()
  local x = "x0"
  return function()
    local y = "y0"
    return function()
      x = x .. "+"
      y = y .. "+"
      return x, y
    end
  end
end
local mid = outer()
local inner1 = mid()
local inner2 = mid()
print(inner1())
print(inner1())
print(inner2())
