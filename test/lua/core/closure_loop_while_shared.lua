-- a local declared outside the loop is shared by all closures
local fs = {}
local v = 0
for i = 1, 3 do
  v = i
  fs[i] = function() return v end
end
print(fs[1](), fs[2](), fs[3]())
local gs = {}
local k = 0
repeat
  k = k + 1
  local captured = k
  gs[k] = function() captured = captured * 2; return captured end
until k == 3
print(gs[1](), gs[1](), gs[2](), gs[3]())
