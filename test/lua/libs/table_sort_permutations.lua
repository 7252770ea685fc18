local function permutations(n)
  local out = {}
  local function perm(a, k)
    if k == 0 then
      local c = {}
      for i = 1, n do c[i] = a[i] end
      out[#out + 1] = c
      return
    end
    for i = 1, k do
      a[i], a[k] = a[k], a[i]
      perm(a, k - 1)
      a[i], a[k] = a[k], a[i]
    end
  end
  local a = {}
  for i = 1, n do a[i] = i end
  perm(a, n)
  return out
end
for n = 1, 6 do
  local bad, total, calls = 0, 0, 0
  for _, p in ipairs(permutations(n)) do
    table.sort(p, function(a, b) calls = calls + 1; return a < b end)
    for i = 1, n do if p[i] ~= i then bad = bad + 1 break end end
    total = total + 1
  end
  print(n, total, bad, calls)
end
