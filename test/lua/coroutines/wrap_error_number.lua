-- error(42) through wrap: error() itself already turned the number into a string with a position
local w = coroutine.wrap(function() error(42) end)
local ok, err = pcall(w)
print(ok, err, type(err))
