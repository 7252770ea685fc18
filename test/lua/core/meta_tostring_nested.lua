local Node = {}
Node.__tostring = function(n)
  if n.next then return n.val .. " -> " .. tostring(n.next) end
  return tostring(n.val)
end
local function node(v, nx) return setmetatable({val = v, next = nx}, Node) end
print(node(1, node(2, node(3))))
local err_obj = setmetatable({msg = "custom error"}, {__tostring = function(e) return "E: " .. e.msg end})
local ok, e = pcall(error, err_obj)
print(ok, tostring(e), e == err_obj)
