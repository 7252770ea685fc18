local function base(...) return ... end
local function mid(...) return base(...) end
local function top() return mid(1, nil, 3, nil) end
print(select("#", top()))
print(top())
local function first_only() return (top()) end
print(select("#", first_only()), first_only())
local function prefixed() return "p", top() end
print(prefixed())
