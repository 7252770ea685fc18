local stack = {}
local function push(...)
  for i = 1, select("#", ...) do table.insert(stack, (select(i, ...))) end
end
local function popn(n)
  local out = {unpack(stack, #stack - n + 1, #stack)}
  for i = 1, n do table.remove(stack) end
  return unpack(out)
end
push(1, 2, 3, 4, 5)
print(popn(2))
push("a", "b")
print(#stack, popn(3))
print(table.concat(stack, ","))
