-- concatenation is right associative: a .. b .. c == a .. (b .. c)
local log = {}
local C = {}
C.__concat = function(a, b)
  local an = type(a) == "table" and a.n or a
  local bn = type(b) == "table" and b.n or b
  log[#log + 1] = an .. "+" .. bn
  return setmetatable({n = "(" .. an .. bn .. ")"}, C)
end
local function c(n) return setmetatable({n = n}, C) end
local r = c("a") .. "b" .. c("c") .. "d"
print(r.n)
for i = 1, #log do print(i, log[i]) end
