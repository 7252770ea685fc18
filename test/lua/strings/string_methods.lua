local s = "Hello"
print(s:len(), s:upper(), s:lower(), s:rep(2), s:reverse(), s:sub(2, 3), s:byte(1))
print(s:find("l"), s:match("l+"), s:gsub("l", "L"))
print(("%d"):format(5), ("x"):rep(3):upper())
local last
for c in s:gmatch(".") do last = c end
print(last)
