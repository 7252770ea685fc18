local function sieve(n)
  local composite = {}
  local primes = {}
  for i = 2, n do
    if not composite[i] then
      primes[#primes + 1] = i
      for j = i * i, n, i do composite[j] = true end
    end
  end
  return primes
end
local p = sieve(100)
local line = ""
for i = 1, #p do line = line .. p[i] .. (i < #p and "," or "") end
print(#p, line)
local function quicksort(t, lo, hi, less)
  lo, hi = lo or 1, hi or #t
  less = less or function(a, b) return a < b end
  if lo >= hi then return t end
  local pivot, i = t[hi], lo - 1
  for j = lo, hi - 1 do
    if less(t[j], pivot) then i = i + 1; t[i], t[j] = t[j], t[i] end
  end
  t[i + 1], t[hi] = t[hi], t[i + 1]
  quicksort(t, lo, i, less)
  quicksort(t, i + 2, hi, less)
  return t
end
local function join(t) local s = "" for i = 1, #t do s = s .. (i > 1 and " " or "") .. tostring(t[i]) end return s end
print(join(quicksort({5, 3, 9, 1, 5, 7, 2, 8, 0, -4})))
print(join(quicksort({"kiwi", "apple", "fig", "date"})))
print(join(quicksort({3, 1, 2}, nil, nil, function(a, b) return a > b end)))
local seed = 42
local function rand() seed = (seed * 16807) % 2147483647; return seed end
local big = {}
for i = 1, 200 do big[i] = rand() % 1000 end
quicksort(big)
local sorted = true
for i = 2, #big do if big[i - 1] > big[i] then sorted = false end end
print(sorted, big[1] <= big[200])
