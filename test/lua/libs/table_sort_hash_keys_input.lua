local function show(t, n)
  local s = {}
  for i = 1, n do s[i] = tostring(t[i]) end
  print(table.concat(s, " "))
end

local t = {}
for i = 20, 1, -1 do t[i] = (i * 13) % 20 end
print(#t)
table.sort(t)
show(t, 20)
local u = {}
u[3] = "c"; u[1] = "a"; u[2] = "b"; u[5] = "e"; u[4] = "d"
table.sort(u, function(a, b) return a > b end)
show(u, 5)
