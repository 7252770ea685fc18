local text = {"the", "quick", "brown", "fox", "jumps", "over", "the", "lazy", "dog", "the", "fox",
  "barks", "and", "the", "dog", "runs", "quick", "quick", "fox"}
local counts = {}
for _, w in ipairs(text) do counts[w] = (counts[w] or 0) + 1 end
local words = {}
for w in pairs(counts) do table.insert(words, w) end
table.sort(words, function(a, b)
  if counts[a] ~= counts[b] then return counts[a] > counts[b] end
  return a < b
end)
for i, w in ipairs(words) do print(i, w, counts[w]) end
