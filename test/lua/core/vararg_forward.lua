local function inner(...) return select("#", ...), ... end
local function outer(...) return inner(...) end
print(outer())
print(outer(1, nil))
print(outer(nil, nil, nil))
local function sum(...)
  local s = 0
  for i = 1, select("#", ...) do
    local v = select(i, ...)
    s = s + v
  end
  return s
end
print(sum(), sum(1), sum(1, 2, 3, 4, 5))
