local function gcd(a, b)
  while b ~= 0 do a, b = b, math.fmod(a, b) end
  return math.abs(a)
end
local out = {}
for i = 1, 30 do
  local a, b = i * 12, (i * 7) % 25 + 3
  out[#out + 1] = gcd(a, b) .. "/" .. (a * b / gcd(a, b))
end
print(table.concat(out, " "))
