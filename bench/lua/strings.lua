-- String building with `..` only (no string/table library): formatting numbers
-- into lines (number -> string coercion), appending to a string in a loop, and
-- joining a table of pieces by pairwise concatenation.
local total = 0
local pieces = {}
for i = 1, 300000 do
  local line = "row " .. i .. ": " .. (i * 3) .. "," .. (i % 97) .. ";"
  total = total + #line
  pieces[#pieces + 1] = line
end

-- append in a loop (short strings; 5.1 copies, so keep each string small)
local n = 0
for i = 1, 20000 do
  local s = ""
  for j = 1, 20 do s = s .. "ab" end
  n = n + #s
end

-- join pieces: divide and conquer
local function join(t, i, j)
  if i == j then return t[i] end
  local m = (i + j - (i + j) % 2) / 2
  return join(t, i, m) .. join(t, m + 1, j)
end
local all = join(pieces, 1, #pieces)

-- string comparisons
local eq = 0
for i = 1, #pieces - 1 do
  if pieces[i] < pieces[i + 1] then eq = eq + 1 end
end
print(total, n, #all, eq)
