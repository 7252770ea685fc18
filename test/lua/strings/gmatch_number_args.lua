for d in string.gmatch(123456, "%d%d") do print(d) end
for x in string.gmatch("a1b22c333", 2) do print(x) end
