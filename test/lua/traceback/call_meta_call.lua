-- a table with __call is named by the call site; a non-constant key is '?'
local counter = setmetatable({ n = 0 }, {
  __call = function(self, by)
    self.n = self.n + by
    return self.n
  end,
})
local ops = { counter }
local name = "count"
ops[name] = function(x) return counter(x) + 0 end
local function go()
  ops[1](1)
  ops.count(2)
  ops[name]("x")
end
go()
