local callable = setmetatable({name = "callable"}, {
  __call = function(self, a, b) return self.name, a, b end,
})
print(callable(1, 2))
print(callable())
local multi = setmetatable({}, {__call = function(_, ...) return select("#", ...), ... end})
print(multi("x", nil, "z"))
local t = {f = callable}
print(t.f("via field"))
print(pcall(callable, "pcall arg"))
