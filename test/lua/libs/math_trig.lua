print(math.sin(0), math.sin(1), math.sin(-1), math.sin(math.pi / 2), math.sin(100))
print(math.cos(0), math.cos(1), math.cos(math.pi), math.cos(100))
print(math.tan(0), math.tan(1), math.tan(-0.5), math.tan(math.pi / 4))
for i = 0, 12 do
  local x = i * math.pi / 6
  print(i, math.sin(x), math.cos(x))
end
