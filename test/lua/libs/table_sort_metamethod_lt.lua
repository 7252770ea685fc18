local seed = 20240601
local function rand(n)
  seed = (seed * 16807) % 2147483647
  return seed % n
end

local mt = {__lt = function(a, b) return a.v < b.v end}
local t = {}
for i = 1, 60 do t[i] = setmetatable({v = rand(1000), id = i}, mt) end
table.sort(t)
local s = {}
for i = 1, #t do s[i] = t[i].v end
print(table.concat(s, " "))
local bad = {setmetatable({v = 1}, mt), setmetatable({v = 2}, {__lt = function() return true end})}
print(pcall(function() table.sort(bad) end))
local calls = 0
local cmt = {__lt = function(a, b) calls = calls + 1; return a[1] < b[1] end}
local u = {}
for i = 1, 30 do u[i] = setmetatable({31 - i}, cmt) end
table.sort(u)
print(calls, u[1][1], u[30][1])
