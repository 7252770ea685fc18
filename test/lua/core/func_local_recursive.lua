-- 'local function f' makes f visible inside its own body
local function f(n) if n == 0 then return "base" end return f(n - 1) end
print(f(3))
-- 'local g = function' does not
g = function() return "global g" end
local g = function(n) if n == 0 then return "local g" end return g(0) end
print(g(1))
