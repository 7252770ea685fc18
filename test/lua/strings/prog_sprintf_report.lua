local items = { { "Widget", 4, 3.5 }, { "Gadget", 10, 12.75 }, { "Doohickey", 1, 100 } }
local total = 0
for _, it in ipairs(items) do
  local line = it[2] * it[3]
  total = total + line
  print(string.format("%-10s x%3d @ %7.2f = %9.2f", it[1], it[2], it[3], line))
end
print(string.format("%-10s %24s", "TOTAL", string.format("%.2f", total)))
print(string.format("%5.1f%%", 100 * 4 * 3.5 / total))
