-- status and resume with a non-coroutine argument
print(pcall(coroutine.status, 1))
print(pcall(coroutine.status))
print(pcall(coroutine.resume, {}))
print(pcall(coroutine.resume, nil))
print(pcall(coroutine.status, function() end))
