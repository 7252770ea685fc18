local i = 0
while i < 5 do
  i = i + 1
  print("i", i)
end
print("done", i)
local n = 10
while n > 100 do
  print("never")
end
print("skipped")
local s = 0
while true do
  s = s + 1
  if s >= 3 then break end
end
print("s", s)
