for i = 1, -1, -0.5 do print(i) end
for i = -1, -2, -0.25 do print("q", i) end
local c = 0
for i = 10, 1, -0.1 do c = c + 1 end
print(c)
for i = 3, 1, -1 do print("int", i) end
for i = -3, -1 do print("neg range", i) end
