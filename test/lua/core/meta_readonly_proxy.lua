local function readonly(t)
  return setmetatable({}, {
    __index = t,
    __newindex = function(_, k) error("attempt to modify read-only field " .. tostring(k), 2) end,
    __metatable = "readonly",
  })
end
local days = readonly({"mon", "tue", "wed"})
print(days[1], days[3], days[4])
print(pcall(function() days[1] = "x" end))
print(pcall(function() days.extra = true end))
print(getmetatable(days))
print(pcall(setmetatable, days, nil))
print(rawget(days, 1), #days)
