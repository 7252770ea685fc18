-- a stateless iterator function made inside a coroutine, used in a for loop in main
local co = coroutine.wrap(function(limit)
  local function iter(s, i)
    i = i + 1
    if i > limit then return nil end
    return i, i * i
  end
  return iter
end)
local iter = co(5)
for i, sq in iter, nil, 0 do print(i, sq) end
