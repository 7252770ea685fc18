local text = [[the quick brown fox jumps over the lazy dog the fox]]
local counts, order = {}, {}
for w in text:gmatch("%a+") do
  if not counts[w] then counts[w] = 0; order[#order + 1] = w end
  counts[w] = counts[w] + 1
end
for _, w in ipairs(order) do print(string.format("%-6s %2d", w, counts[w])) end
