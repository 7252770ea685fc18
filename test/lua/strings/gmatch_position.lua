for s, e in string.gmatch("hello world", "()%a+()") do print(s, e) end
