local outer_nil
local function level1()
  local function level2()
    return outer_nil.field
  end
  return level2()
end
print(pcall(level1))
local function make()
  local captured = 5
  return function() return function() return captured() end end
end
print(pcall(make()()))
local cfg = {}
local inner = function() return function() return cfg.missing.deeper end end
print(pcall(inner()))
