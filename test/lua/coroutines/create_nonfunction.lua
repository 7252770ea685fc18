-- luajit-differs: luajit says "function expected, got number"
print(pcall(coroutine.create, 1))
print(pcall(coroutine.create))
print(pcall(coroutine.create, "print"))
print(pcall(coroutine.create, setmetatable({}, {__call = function() end})))
