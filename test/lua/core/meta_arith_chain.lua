local Money = {}
Money.__index = Money
local function money(c) return setmetatable({cents = c}, Money) end
Money.__add = function(a, b)
  local ac = type(a) == "number" and a * 100 or a.cents
  local bc = type(b) == "number" and b * 100 or b.cents
  return money(ac + bc)
end
Money.__mul = function(a, b)
  if type(a) == "number" then a, b = b, a end
  return money(a.cents * b)
end
Money.__div = function(a, b) return money(a.cents / b) end
Money.__tostring = function(m) return "$" .. (m.cents / 100) end
Money.__eq = function(a, b) return a.cents == b.cents end
Money.__lt = function(a, b) return a.cents < b.cents end
local total = money(150) + money(250) + 1
print(total)
print(total * 2, 3 * money(10), total / 4)
print(money(100) == money(100), money(1) < money(2), money(5) <= money(5))
local acc = money(0)
for i = 1, 5 do acc = acc + money(i * 10) end
print(acc, acc.cents)
