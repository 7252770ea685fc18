-- running() and status() from a library callback executed inside a coroutine
local co
co = coroutine.create(function()
  local t = {2, 1}
  table.sort(t, function(a, b)
    print("in comparator", coroutine.running() == co, coroutine.status(co))
    return a < b
  end)
  string.gsub("a", "a", function() print("in gsub", coroutine.running() == co) end)
end)
coroutine.resume(co)
