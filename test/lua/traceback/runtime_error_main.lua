-- a runtime error in the main chunk and an error() with a table index call
local config = { limits = {} }
local function limit(kind)
  return config.limits[kind].max
end
local function apply(kinds)
  local out = {}
  for i = 1, #kinds do out[i] = limit(kinds[i]) end
  return out
end
apply({ "cpu" })
