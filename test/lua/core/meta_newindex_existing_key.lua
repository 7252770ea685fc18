-- __newindex only fires for keys absent from the raw table
local log = {}
local t = setmetatable({present = 1}, {__newindex = function(tbl, k, v) log[#log + 1] = k; rawset(tbl, k, v) end})
t.present = 2
t.absent = 3
t.absent = 4
print(#log, log[1], t.present, t.absent)
t.present = nil
t.present = 5
print(#log, log[2], t.present)
