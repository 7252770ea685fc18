x = 1
print(x, _G.x)
local x = 2
print(x, _G.x)
do
  local x = 3
  print(x)
  x = 4
  print(x)
end
print(x)
_G.y = "gy"
print(y)
y = nil
print(y, _G.y)
print(undefined_name)
