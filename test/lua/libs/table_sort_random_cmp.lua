-- luajit-differs: luajit's quicksort permutes the elements differently
local seed = 20240601
local function rand(n)
  seed = (seed * 16807) % 2147483647
  return seed % n
end
local function show(t, n)
  local s = {}
  for i = 1, n do s[i] = tostring(t[i]) end
  print(table.concat(s, " "))
end

for round = 1, 12 do
  local t = {}
  for i = 1, 10 + round * 3 do t[i] = i end
  local ok, err = pcall(function()
    table.sort(t, function(a, b) return rand(2) == 0 end)
  end)
  print(round, ok, err)
  show(t, #t + 1)
end
