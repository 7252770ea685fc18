-- luajit-differs: luajit rounds a fractional position instead of truncating it
local function show(t, n)
  local s = {}
  for i = 1, n do s[i] = tostring(t[i]) end
  print(table.concat(s, " "))
end

local t = {1, 2, 3, 4}
print(table.remove(t, 2.9))
show(t, 4)
print(table.remove(t, "1"))
show(t, 3)
print(table.remove(t, 0.5))
show(t, 2)
