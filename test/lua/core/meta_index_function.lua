local calls = 0
local t = setmetatable({real = 1}, {
  __index = function(tbl, key)
    calls = calls + 1
    return "computed_" .. tostring(key)
  end,
})
print(t.real, t.foo, t[1], t[true])
print(calls)
local squares = setmetatable({}, {__index = function(s, n) local v = n * n; rawset(s, n, v); return v end})
print(squares[4], squares[5], rawget(squares, 4), rawget(squares, 6))
