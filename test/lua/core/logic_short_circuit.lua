local log = {}
local function mark(name, val) log[#log + 1] = name; return val end
local r = mark("a", false) and mark("b", true)
print(r, #log, log[1])
log = {}
r = mark("a", 1) or mark("b", 2)
print(r, #log)
log = {}
r = mark("a", nil) or mark("b", false) or mark("c", 0)
print(r, #log, log[1], log[2], log[3])
log = {}
r = mark("a", 1) and mark("b", 2) and mark("c", nil) and mark("d", 4)
print(r, #log)
