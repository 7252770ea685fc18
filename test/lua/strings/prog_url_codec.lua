local function encode(s)
  return (s:gsub("[^%w%-_%.~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end
local function decode(s)
  return (s:gsub("+", " "):gsub("%%(%x%x)", function(h) return string.char(tonumber(h, 16)) end))
end
local s = "hello world & friends/?=\0\255"
local e = encode(s)
print(e)
print(decode(e) == s)
print(decode("a+b%20c%2Fd"))
