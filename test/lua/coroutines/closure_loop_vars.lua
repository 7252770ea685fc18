-- closures over loop variables created across yields keep separate variables
local fns = {}
local co = coroutine.wrap(function()
  for i = 1, 3 do
    local sq = i * i
    fns[#fns + 1] = function() return i, sq end
    coroutine.yield()
  end
  for _, name in ipairs({"a", "b"}) do
    fns[#fns + 1] = function() return name end
  end
end)
co() co() co() co()
for k, f in ipairs(fns) do print(k, f()) end
