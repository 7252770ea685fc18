local values = {n = 5, [1] = 0, [2] = "", [3] = false, [4] = "false", [5] = 0/1}
for i = 1, 5 do
  local v = values[i]
  if v then print(i, "truthy") else print(i, "falsy") end
end
local u
if not u then print("nil is falsy") end
print(not nil, not false, not 0, not "", not not nil)
