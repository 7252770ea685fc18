for k, v in string.gmatch("a=1, b=2, c=3", "(%w+)=(%w+)") do print(k, v) end
for a, b, c in string.gmatch("x1y2z3", "(%a)(%d)()") do print(a, b, c) end
