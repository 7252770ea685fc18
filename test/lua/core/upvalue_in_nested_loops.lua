local fns = {}
for i = 1, 2 do
  for j = 1, 2 do
    fns[#fns + 1] = function() return i * 10 + j end
  end
end
print(fns[1](), fns[2](), fns[3](), fns[4]())
local acc = {}
local k = 0
while k < 3 do
  k = k + 1
  local mine = k
  acc[k] = function(d) mine = mine + d; return mine end
end
print(acc[1](10), acc[1](10), acc[2](0), acc[3](1))
