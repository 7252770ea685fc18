local fns = {}
do
  local x = 1
  fns.read = function() return x end
  fns.write = function(v) x = v end
  x = 2
end
print(fns.read())
fns.write(3)
print(fns.read())
local a = {}
local i = 1
while i <= 3 do
  local j = i
  a[i] = function() return j end
  i = i + 1
end
print(a[1](), a[2](), a[3]())
