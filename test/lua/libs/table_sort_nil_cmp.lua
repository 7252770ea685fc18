local function show(t, n)
  local s = {}
  for i = 1, n do s[i] = tostring(t[i]) end
  print(table.concat(s, " "))
end

local t = {3, 1, 2}
table.sort(t, nil)
show(t, 3)
local u = {"b", "c", "a"}
table.sort(u, nil)
show(u, 3)
print(select("#", table.sort({})))
table.sort({})
table.sort({1})
print("ok")
