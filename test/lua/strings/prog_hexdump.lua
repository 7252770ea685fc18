local function hexdump(s)
  for i = 1, #s, 8 do
    local chunk = s:sub(i, i + 7)
    local hex = chunk:gsub(".", function(c) return string.format("%02x ", c:byte()) end)
    local txt = chunk:gsub("[%c\128-\255]", ".")
    print(string.format("%04x  %-24s %s", i - 1, hex, txt))
  end
end
hexdump("Hello, World!\0\1\2\255 binary\n")
