local parts = {}
for i = 1, 10 do parts[#parts + 1] = string.format("%02d", i * i) end
local s = ""
for i = 1, #parts do s = s .. parts[i] .. (i < #parts and "," or "") end
print(s)
print(#s, s:sub(1, 8), (s:gsub(",", "")))
