local t = {}
for i = 1, 200 do t[i] = i end
local function count(...) return select("#", ...) end
print(count(unpack(t)))
local function sum(...)
  local s = 0
  local args = {...}
  for i = 1, #args do s = s + args[i] end
  return s
end
print(sum(unpack(t)))
print(select(199, unpack(t)))
print(select(-2, unpack(t)))
