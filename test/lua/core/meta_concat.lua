local S = {}
S.__concat = function(a, b)
  local av = type(a) == "table" and a.s or a
  local bv = type(b) == "table" and b.s or b
  return setmetatable({s = av .. bv}, S)
end
local function s(x) return setmetatable({s = x}, S) end
local r = s("a") .. s("b") .. "c" .. 1
print(r.s)
local r2 = "x" .. s("y")
print(r2.s)
local r3 = 1 .. s("2") .. 3
print(r3.s)
print(pcall(function() return {} .. s("z") end))
