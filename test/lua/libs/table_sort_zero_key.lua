local function show(t, n)
  local s = {}
  for i = 1, n do s[i] = tostring(t[i]) end
  print(table.concat(s, " "))
end

local t = {[0] = "zero", 4, 2, 3, 1}
print(pcall(function() table.sort(t, function(a, b) return true end) end))
print(t[0])
show(t, 5)
local u = {[0] = 0, 9, 8, 7, 6, 5, 4, 3}
local seen = 0
print(pcall(function() table.sort(u, function(a, b) if a == 0 or b == 0 then seen = seen + 1 end return a <= b end) end))
print(seen, u[0])
show(u, 8)
