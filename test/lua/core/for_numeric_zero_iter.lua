local c = 0
for i = 1, 0 do c = c + 1 end
print("1,0", c)
for i = 0, 1, -1 do c = c + 1 end
print("0,1,-1", c)
for i = 5, 4 do print("never") end
for i = 10, 10, -1 do print("once", i) end
for i = 1, 1, 5 do print("once up", i) end
print("done")
