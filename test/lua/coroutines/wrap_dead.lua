-- calling a finished wrap: "cannot resume dead coroutine" with the caller's position
local w = coroutine.wrap(function() return "only" end)
print(w())
print(pcall(w))
local function again() local r = w() return r end
print(pcall(again))
