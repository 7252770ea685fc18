local s = string.char(0, 1, 127, 128, 255)
print(#s)
print(string.byte(s, 1, -1))
print(s == "\0\1\127\128\255")
local all = {}
for i = 0, 255 do all[#all + 1] = string.char(i) end
local n = 0
for i = 0, 255 do if string.byte(all[i + 1]) == i then n = n + 1 end end
print(n)
