local function matmul(a, b)
  local n, m, p = #a, #b, #b[1]
  local c = {}
  for i = 1, n do
    c[i] = {}
    for j = 1, p do
      local s = 0
      for k = 1, m do s = s + a[i][k] * b[k][j] end
      c[i][j] = s
    end
  end
  return c
end
local a = {{1, 2, 3}, {4, 5, 6}}
local b = {{7, 8}, {9, 10}, {11, 12}}
local c = matmul(a, b)
for i = 1, #c do print(table.concat(c[i], " ")) end
local r = {}
for i = 1, 4 do r[i] = {} for j = 1, 4 do r[i][j] = math.floor(math.sin(i * j) * 100) / 100 end end
local r2 = matmul(r, r)
for i = 1, 4 do print(table.concat(r2[i], " ")) end
