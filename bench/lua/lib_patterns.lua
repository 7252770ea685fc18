-- string.gsub / find / match / gmatch over ~3 MB of generated log text.
local parts = {}
local seed = 12345
local function rnd(n) seed = (seed * 1103515245 + 12345) % 2147483648 return seed % n end
local words = {"GET", "POST", "alpha", "beta", "gamma", "/api/v1/users", "/tmp/x.sh", "error", "ok", "user=42"}
for i = 1, 60000 do
  parts[#parts + 1] = string.format("%05d %s %s %d.%d.%d.%d %s\n", i, words[rnd(10) + 1], words[rnd(10) + 1],
    rnd(256), rnd(256), rnd(256), rnd(256), words[rnd(10) + 1])
end
local text = table.concat(parts)
local n = 0
for ip in text:gmatch("%d+%.%d+%.%d+%.%d+") do n = n + #ip end
local replaced, count = text:gsub("(%w+)=(%d+)", "%2:%1")
local s, e = 0, 0
local pos = 1
while true do
  local a, b = text:find("error", pos, true)
  if not a then break end
  s = s + a; pos = b + 1
end
local firsts = 0
for line in text:gmatch("[^\n]+") do
  local id, verb = line:match("^(%d+) (%u+)")
  if id then firsts = firsts + tonumber(id) % 7 end
end
local upper = #text:upper()
print(#text, n, count, #replaced, s % 1000003, firsts, upper)
