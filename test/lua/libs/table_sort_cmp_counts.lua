local seed = 20240601
local function rand(n)
  seed = (seed * 16807) % 2147483647
  return seed % n
end

for _, n in ipairs({2, 3, 4, 5, 7, 10, 16, 31, 64, 100, 257, 1000}) do
  local t = {}
  for i = 1, n do t[i] = rand(n) end
  local calls = 0
  table.sort(t, function(a, b) calls = calls + 1; return a < b end)
  print(n, calls)
end
