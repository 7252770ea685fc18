local function show(t, n)
  local s = {}
  for i = 1, n do s[i] = tostring(t[i]) end
  print(table.concat(s, " "))
end

local calls = 0
local function lt(a, b) calls = calls + 1; return a < b end
local t = {}
for i = 1, 100 do t[i] = i end
table.sort(t, lt)
print("sorted", calls, t[1], t[100])
calls = 0
for i = 1, 100 do t[i] = 101 - i end
table.sort(t, lt)
print("reversed", calls, t[1], t[100])
calls = 0
for i = 1, 100 do t[i] = 5 end
table.sort(t, lt)
print("equal", calls)
calls = 0
for i = 1, 100 do t[i] = (i % 2 == 0) and i or 101 - i end
table.sort(t, lt)
print("zigzag", calls)
show(t, 10)
