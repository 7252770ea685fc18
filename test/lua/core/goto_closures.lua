-- expect: luajit (lua5.1 has no goto)
-- each pass through a backward goto creates a fresh local
local fns = {}
do
  local i = 1
  ::loop::
  local captured = i * 10
  fns[i] = function() return captured end
  i = i + 1
  if i <= 3 then goto loop end
end
print(fns[1](), fns[2](), fns[3]())
for i = 1, 4 do
  local v = i
  if v == 2 then goto continue end
  fns[#fns + 1] = function() return v end
  ::continue::
end
print(#fns, fns[4](), fns[5](), fns[6]())
