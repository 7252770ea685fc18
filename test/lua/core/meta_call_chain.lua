local counter = setmetatable({n = 0}, {__call = function(self, inc) self.n = self.n + (inc or 1); return self end})
counter()(5)(10)
print(counter.n)
local function make_class()
  local cls = {}
  setmetatable(cls, {__call = function(c, v) return setmetatable({v = v}, {__index = c}) end})
  function cls:get() return self.v end
  return cls
end
local C = make_class()
local obj = C(42)
print(obj:get())
for i, v in ipairs({C(1), C(2)}) do print(i, v:get()) end
