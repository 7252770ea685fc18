-- functions called by a library function have no name; the library function is named by
-- its call site (a local alias included)
local items = { 3, 1, 2 }
local function by_weight(a, b)
  return a.weight < b.weight
end
local order = table.sort
local function sorted(t)
  order(t, by_weight)
  return t
end
sorted(items)
