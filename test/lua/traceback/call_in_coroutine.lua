-- a function called inside a coroutine body, the error raised through coroutine.wrap
local function parse(s)
  local n = tonumber(s)
  if not n then error("not a number: " .. s) end
  return n
end
local gen = coroutine.wrap(function(list)
  for i = 1, #list do coroutine.yield(parse(list[i])) end
end)
print(gen({ "1", "x" }))
print(gen())
