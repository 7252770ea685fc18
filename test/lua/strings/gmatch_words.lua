for w in string.gmatch("the quick  brown fox", "%a+") do print(w) end
for w in ("one,two,,three"):gmatch("[^,]+") do print(w) end
for w in string.gmatch("", "%a+") do print("never", w) end
