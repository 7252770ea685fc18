local fs = {}
for i = 1, 10 do
  local x = i
  fs[#fs + 1] = function() return x end
  if i == 3 then break end
end
print(#fs, fs[1](), fs[2](), fs[3]())
local i = 0
repeat
  i = i + 1
  local v = i
  if v == 2 then break end
until false
print(i)
