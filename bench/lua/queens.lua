-- A mixed workload: backtracking N-queens (recursion, a nested closure with
-- upvalues, small arrays used as boolean sets, branches).
local function queens(n)
  local cols, d1, d2 = {}, {}, {}
  for i = 1, 2 * n do cols[i] = false; d1[i] = false; d2[i] = false end
  local count = 0
  local function place(r)
    if r > n then
      count = count + 1
      return
    end
    for c = 1, n do
      local a, b = r + c, r - c + n
      if not cols[c] and not d1[a] and not d2[b] then
        cols[c] = true; d1[a] = true; d2[b] = true
        place(r + 1)
        cols[c] = false; d1[a] = false; d2[b] = false
      end
    end
  end
  place(1)
  return count
end

local total = 0
for n = 4, 12 do total = total + queens(n) end
print(total, queens(8))
