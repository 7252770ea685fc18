-- luajit-differs: luajit can yield across metamethods
-- yield inside arithmetic, concat, comparison and unary metamethods fails
local mt = {}
local function y() coroutine.yield("meta") return 1 end
mt.__add = y
mt.__concat = y
mt.__lt = y
mt.__le = y
mt.__unm = y
mt.__eq = y
local a, b = setmetatable({}, mt), setmetatable({}, mt)
local tests = {
  add = function() return a + 1 end,
  concat = function() return a .. "x" end,
  lt = function() return a < b end,
  le = function() return a <= b end,
  unm = function() return -a end,
  eq = function() return a == b end,
}
for _, name in ipairs({"add", "concat", "lt", "le", "unm", "eq"}) do
  local co = coroutine.create(tests[name])
  local ok, err = coroutine.resume(co)
  print(name, ok, (string.find(tostring(err), "yield across", 1, true)) ~= nil, coroutine.status(co))
end
