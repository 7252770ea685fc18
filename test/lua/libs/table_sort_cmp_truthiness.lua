local function show(t, n)
  local s = {}
  for i = 1, n do s[i] = tostring(t[i]) end
  print(table.concat(s, " "))
end

local t = {5, 2, 8, 1, 9}
table.sort(t, function(a, b) if a < b then return 1 else return nil end end)
show(t, 5)
table.sort(t, function(a, b) if a > b then return "yes" end return false end)
show(t, 5)
table.sort(t, function(a, b) return a < b, true end)
show(t, 5)
table.sort(t, function(a, b) return (a > b) and 0 or nil end)
show(t, 5)
