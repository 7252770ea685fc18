-- the main chunk is itself a vararg function
local n = select("#", ...)
print(type(n))
local function f(...) return select("#", ...) end
print(f(...) == n)
