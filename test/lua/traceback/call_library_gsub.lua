-- a callback of string.gsub stored in a table: no name (called from C)
local fmt = {}
fmt.expand = function(name)
  local v = nil
  return v .. name
end
local function render(s) return (string.gsub(s, "%$(%w+)", fmt.expand)) end
print(render("hello $who"))
