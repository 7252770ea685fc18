local chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
local function enc(data)
  local out = ""
  for i = 1, #data, 3 do
    local a, b, c = data:byte(i, i + 2)
    local n = a * 65536 + (b or 0) * 256 + (c or 0)
    local c1 = (n - n % 262144) / 262144
    local c2 = (n % 262144 - n % 4096) / 4096
    local c3 = (n % 4096 - n % 64) / 64
    local c4 = n % 64
    out = out .. chars:sub(c1 + 1, c1 + 1) .. chars:sub(c2 + 1, c2 + 1)
      .. (b and chars:sub(c3 + 1, c3 + 1) or "=") .. (c and chars:sub(c4 + 1, c4 + 1) or "=")
  end
  return out
end
local function dec(data)
  data = data:gsub("[^%w%+/=]", "")
  local out = ""
  for i = 1, #data, 4 do
    local n, pad = 0, 0
    for j = i, i + 3 do
      local ch = data:sub(j, j)
      n = n * 64
      if ch == "=" then pad = pad + 1 else n = n + (chars:find(ch, 1, true) - 1) end
    end
    local a = (n - n % 65536) / 65536
    local b = (n % 65536 - n % 256) / 256
    local c = n % 256
    out = out .. string.char(a) .. (pad < 2 and string.char(b) or "") .. (pad < 1 and string.char(c) or "")
  end
  return out
end
for _, s in ipairs({ "", "f", "fo", "foo", "foob", "fooba", "foobar", "\0\255\128" }) do
  local e = enc(s)
  print(e, dec(e) == s)
end
