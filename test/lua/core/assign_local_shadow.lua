local a = 1
local a = a + 1
print(a)
local function f()
  local a = a * 10
  return a
end
print(f(), a)
for a = 1, 2 do print("loop", a) end
print(a)
do local a = "inner"; print(a) end
print(a)
local b, b = 1, 2
print(b)
