local function pass(...) return ... end
print(pass(nil, 2, nil))
print(select("#", pass(nil, nil, nil)))
local function wrap(...)
  local t = {...}
  return select("#", ...), #t
end
print(wrap(1, 2, 3))
print(wrap())
local function count_after(...) return select("#", pass(...)) end
print(count_after(nil, nil, nil, nil))
