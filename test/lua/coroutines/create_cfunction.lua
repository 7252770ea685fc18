-- luajit-differs: luajit accepts C functions as coroutine bodies
print(pcall(coroutine.create, print))
print(pcall(coroutine.wrap, tostring))
