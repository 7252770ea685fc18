local function show(t, n)
  local s = {}
  for i = 1, n do s[i] = tostring(t[i]) end
  print(table.concat(s, " "))
end

local t = {true, false, true, false, false, true, true}
table.sort(t, function(a, b) return (not a) and b end)
show(t, 7)
