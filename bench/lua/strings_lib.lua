-- String building with the string and table libraries: string.format,
-- table.concat of a table of pieces, string.rep, string.sub / string.byte
-- scanning, and string.find / string.gsub with patterns.
local pieces = {}
for i = 1, 200000 do
  pieces[#pieces + 1] = string.format("%d:%s:%5.2f", i, "v" .. i % 13, i / 7)
end
local all = table.concat(pieces, ",")

-- byte scan over a slice
local h = 0
local part = string.sub(all, 1, 400000)
for i = 1, #part do
  h = (h * 31 + string.byte(part, i)) % 1000000007
end

local buf = {}
for i = 1, 50000 do
  buf[#buf + 1] = string.rep("x", i % 10) .. string.char(65 + i % 26)
end
local joined = table.concat(buf)

local count = 0
for _ in string.gmatch(all, "%d+:v1:") do count = count + 1 end
local replaced, nrep = string.gsub(string.sub(all, 1, 200000), "v(%d)", "w%1")
local at = string.find(all, "199999:", 1, true)
print(#all, h, #joined, count, #replaced, nrep, at, string.upper(string.sub(joined, 1, 12)))
