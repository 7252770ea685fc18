local bytes = {}
for i = 0, 255 do bytes[#bytes + 1] = i end
local s = string.char(unpack(bytes))
print(#s)
local ok = true
for i = 1, 256 do if string.byte(s, i) ~= i - 1 then ok = false end end
print(ok)
print(string.byte(s:sub(1, 3), 1, -1))
print(string.byte(s:sub(-3), 1, -1))
print(s:find("\0"), s:find("\255"), s:find("\127\128"))
print(#s:upper(), #s:lower(), #s:reverse(), s:reverse():byte(1))
