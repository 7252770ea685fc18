local function range(from, to, step)
  step = step or 1
  local i = from - step
  return function()
    i = i + step
    if (step > 0 and i <= to) or (step < 0 and i >= to) then return i end
  end
end
local function map(iter, f) return function() local v = iter(); if v ~= nil then return f(v) end end end
local function filter(iter, p)
  return function()
    local v = iter()
    while v ~= nil and not p(v) do v = iter() end
    return v
  end
end
local function take(iter, n)
  local c = 0
  return function() c = c + 1; if c <= n then return iter() end end
end
local function collect(iter) local out = {} for v in iter do out[#out + 1] = v end return out end
local function show(t) local s = "" for i = 1, #t do s = s .. (i > 1 and " " or "") .. tostring(t[i]) end print(s) end
show(collect(range(1, 5)))
show(collect(range(10, 1, -3)))
show(collect(map(range(1, 4), function(x) return x * x end)))
show(collect(filter(range(1, 20), function(x) return x % 3 == 0 end)))
show(collect(take(filter(map(range(1, 100), function(x) return x * 7 end), function(x) return x % 2 == 1 end), 4)))
local function chars_of(t) local i = 0 return function() i = i + 1 return t[i] end end
local function zip(a, b) return function() local x, y = a(), b() if x ~= nil and y ~= nil then return x, y end end end
for x, y in zip(range(1, 3), chars_of({"a", "b", "c", "d"})) do print(x, y) end
