-- iterator triple: function, state, control
local function range_iter(limit, cur)
  cur = cur + 1
  if cur <= limit then return cur, cur * cur end
end
local function range(n) return range_iter, n, 0 end
for i, sq in range(4) do print(i, sq) end
-- closure-based iterator
local function words(list)
  local i = 0
  return function()
    i = i + 1
    return list[i]
  end
end
for w in words({"x", "y", "z"}) do print("word", w) end
-- explicit triple
for k, v in next, {only = "one"} do print(k, v) end
