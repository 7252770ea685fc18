-- Array part of tables: sequential fill (t[i] = v), append (t[#t + 1] = v)
-- and sequential read/sum.
local N = 1000000
local total = 0
local t = {}
for rep = 1, 15 do
  for i = 1, N do t[i] = i * rep end
  local s = 0
  for i = 1, N do s = s + t[i] end
  total = (total + s) % 1000000007
end
local u = {}
for i = 1, N do u[#u + 1] = i % 7 end
local s = 0
for i = #u, 1, -1 do s = s + u[i] end
print(total, #t, #u, s)
