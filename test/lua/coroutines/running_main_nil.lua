-- coroutine.running() returns nil in the main thread (Lua 5.1)
print(coroutine.running())
print(select('#', coroutine.running()))
print(coroutine.running() == nil)
