for i = 0, 1, 0.25 do print(i) end
for i = 1, 0, -0.5 do print("neg", i) end
for x = 0.5, 2.5 do print("half", x) end
local c = 0
for i = 0, 0.3, 0.1 do c = c + 1 end
print("count", c)
for i = 1.5, 3 do print("f", i) end
