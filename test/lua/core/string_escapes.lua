print("tab:[\t] newline:[\n] backslash:[\\] dq:[\"] sq:[\']")
print('single \'quoted\' "dq inside"')
print("bell:" .. #"\a" .. " bs:" .. #"\b" .. " ff:" .. #"\f" .. " cr:" .. #"\r" .. " vt:" .. #"\v")
print("\65\66\67", "\097\098", "\49\50\51")
print(#"\0", #"a\0b", #"\000", #"\255")
print("\72\101\108\108\111")
print("line1\
line2")
print("\0651" == "A1", "\1234" == "{4")
