-- with a number operand the metamethod receives the operands in original order
local M = {}
local function describe(x) if type(x) == "table" then return "T" .. x.id else return tostring(x) end end
M.__add = function(a, b) return "add(" .. describe(a) .. "," .. describe(b) .. ")" end
M.__sub = function(a, b) return "sub(" .. describe(a) .. "," .. describe(b) .. ")" end
M.__concat = function(a, b) return "cat(" .. describe(a) .. "," .. describe(b) .. ")" end
local t = setmetatable({id = 1}, M)
print(t + 1)
print(1 + t)
print(t - 2)
print(2 - t)
print("s" + t)
print(t .. "x")
print("x" .. t)
print(3 .. t)
