local function iter(t, i)
  i = i + 2
  local v = t[i]
  if v then return i, v end
end
local function evens(t) return iter, t, 0 end
for i, v in evens({"a", "b", "c", "d", "e", "f"}) do print(i, v) end
local function countdown(s, c)
  if c > 0 then return c - 1 end
end
for c in countdown, nil, 4 do print("cd", c) end
