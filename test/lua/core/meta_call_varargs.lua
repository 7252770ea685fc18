local log = {}
local logger = setmetatable({}, {__call = function(self, level, ...)
  local n = select("#", ...)
  local s = level .. "[" .. n .. "]"
  for i = 1, n do s = s .. " " .. tostring((select(i, ...))) end
  log[#log + 1] = s
  return n, ...
end})
print(logger("info", "a", nil, 3))
print(logger("warn"))
print(select("#", logger("x", nil, nil)))
for i = 1, #log do print(log[i]) end
local t = {logger(1, 2, 3)}
print(#t)
