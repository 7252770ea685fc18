local function show(t, n)
  local s = {}
  for i = 1, n do s[i] = tostring(t[i]) end
  print(table.concat(s, " "))
end

local t = {1, 2, 3}
print(select("#", table.remove(t, 0)))
print(select("#", table.remove(t, 4)))
print(select("#", table.remove(t, 5)))
print(select("#", table.remove(t, -1)))
print(select("#", table.remove(t, 1e10)))
show(t, 4)
print(#t)
