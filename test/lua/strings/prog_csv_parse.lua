local function parse_csv_line(line)
  local res = {}
  local pos = 1
  while true do
    if line:sub(pos, pos) == '"' then
      local txt = ""
      local i = pos
      repeat
        local a, b = line:find('^"[^"]*"', i)
        txt = txt .. line:sub(a + 1, b - 1)
        i = b + 1
        if line:sub(i, i) == '"' then txt = txt .. '"' end
      until line:sub(i, i) ~= '"'
      res[#res + 1] = txt
      pos = i + 1
    else
      local a = line:find(",", pos, true)
      if a then
        res[#res + 1] = line:sub(pos, a - 1)
        pos = a + 1
      else
        res[#res + 1] = line:sub(pos)
        break
      end
    end
    if pos > #line + 1 then break end
  end
  return res
end
local rows = { 'a,b,c', '"x, y",2,"say ""hi"""', '1,,3', '"",""' }
for _, r in ipairs(rows) do
  local f = parse_csv_line(r)
  local s = #f .. ":"
  for i = 1, #f do s = s .. "<" .. f[i] .. ">" end
  print(s)
end
