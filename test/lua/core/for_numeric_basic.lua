for i = 1, 5 do print(i) end
for i = 5, 1, -1 do print("down", i) end
for i = 1, 10, 3 do print("step3", i) end
for i = 10, 1, -4 do print("step-4", i) end
for i = 1, 1 do print("single", i) end
