local up, low = 0, 0
for i = 0, 255 do
  local c = string.char(i)
  if string.upper(c) ~= c then up = up + 1 end
  if string.lower(c) ~= c then low = low + 1 end
end
print(up, low)
print(string.upper("az"), string.lower("AZ"), string.upper("@[`{"), string.lower("@[`{"))
