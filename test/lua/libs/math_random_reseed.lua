-- luajit-differs: luajit's math.randomseed does not truncate the seed to an integer
math.randomseed(42)
local a = {}
for i = 1, 20 do a[i] = math.random(1000) end
math.randomseed(42)
local same = true
for i = 1, 20 do if math.random(1000) ~= a[i] then same = false end end
print(same)
math.randomseed(42)
local f1 = math.random()
math.randomseed(42)
print(math.random() == f1)
math.randomseed(43)
local differs = false
for i = 1, 20 do if math.random(1000) ~= a[i] then differs = true end end
print(differs)
math.randomseed(7.9)
local x = math.random(100)
math.randomseed(7)
print(math.random(100) == x)
