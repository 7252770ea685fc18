-- each iteration gets a fresh local
local fns = {}
for i = 1, 3 do
  fns[i] = function() return i end
end
print(fns[1](), fns[2](), fns[3]())
local gs = {}
for i = 1, 3 do
  local j = i * 10
  gs[#gs + 1] = function() j = j + 1; return j end
end
print(gs[1](), gs[1](), gs[2](), gs[3]())
