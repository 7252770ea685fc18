-- luajit-differs: luajit says "function expected, got number"
print(pcall(coroutine.wrap, 1))
print(pcall(coroutine.wrap))
print(pcall(coroutine.wrap, {}))
print(pcall(function() return coroutine.wrap(1) end))
print(pcall(function() return coroutine.create("x") end))
