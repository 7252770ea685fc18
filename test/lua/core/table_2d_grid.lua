local grid = {}
for r = 1, 4 do
  grid[r] = {}
  for c = 1, 5 do grid[r][c] = r * c end
end
for r = 1, 4 do
  local line = ""
  for c = 1, 5 do line = line .. grid[r][c] .. (c < 5 and "\t" or "") end
  print(line)
end
local function transpose(m)
  local t = {}
  for r = 1, #m do for c = 1, #m[r] do t[c] = t[c] or {}; t[c][r] = m[r][c] end end
  return t
end
local tg = transpose(grid)
print(#tg, #tg[1], tg[5][4])
