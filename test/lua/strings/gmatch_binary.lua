local s = "a\0b\0\0c"
local n = 0
for chunk in string.gmatch(s, "[^%z]+") do n = n + 1; print(n, string.byte(chunk, 1, -1)) end
for z in string.gmatch(s, "%z+") do print(#z) end
