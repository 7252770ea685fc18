local function proxy(target)
  local reads, writes = 0, 0
  local p = setmetatable({}, {
    __index = function(_, k) reads = reads + 1; return target[k] end,
    __newindex = function(_, k, v) writes = writes + 1; target[k] = v end,
  })
  return p, function() return reads, writes end
end
local data = {x = 1}
local p, stats = proxy(data)
print(p.x, p.y)
p.y = 5
p.x = p.x + p.y
print(data.x, data.y, stats())
