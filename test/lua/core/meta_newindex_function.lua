local log = {}
local t = setmetatable({}, {
  __newindex = function(tbl, k, v)
    log[#log + 1] = tostring(k) .. "=" .. tostring(v)
    rawset(tbl, k, v)
  end,
})
t.a = 1
t.b = 2
t.a = 3
print(#log, log[1], log[2], t.a, t.b)
local ro = setmetatable({}, {__newindex = function(_, k) error("read-only: " .. k, 2) end})
print(pcall(function() ro.x = 1 end))
