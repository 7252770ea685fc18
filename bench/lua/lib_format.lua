-- string.format in a loop: integers, floats, padding, %s and %q.
local acc = 0
local last
for i = 1, 300000 do
  local s = string.format("%5d|%-8s|%.3f|%x|%g", i, "k" .. (i % 97), i / 7, i, i * 1.5)
  acc = acc + #s
  if i % 3 == 0 then last = string.format("%q", s) end
end
print(acc, last)
