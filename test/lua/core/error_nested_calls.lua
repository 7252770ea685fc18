local function a(t) return t.value.x end
local function b(t) return a(t) + 1 end
local function c(t) return b(t) * 2 end
print(pcall(c, {value = {x = 5}}))
print(pcall(c, {}))
print(pcall(c, {value = {x = "str"}}))
print(pcall(c, {value = {}}))
