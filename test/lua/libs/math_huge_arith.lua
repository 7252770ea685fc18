print(math.huge + 1, math.huge - 1e308, -math.huge * 2, 1 / math.huge, -1 / math.huge)
print(math.huge > 0, math.max(math.huge, 1), math.min(-math.huge, 1))
print(math.floor(math.huge) == math.huge, math.sqrt(math.huge))
