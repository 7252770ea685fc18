-- luajit-differs: luajit says "attempt to yield across C-call boundary" (with a position)
-- yield from the main chunk is an error
print(pcall(coroutine.yield))
print(pcall(coroutine.yield, 1, 2))
local function f() coroutine.yield("x") end
print(pcall(f))
