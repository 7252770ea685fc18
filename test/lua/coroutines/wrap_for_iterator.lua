-- a wrapped coroutine as a generic-for iterator
local function chars(s)
  return coroutine.wrap(function()
    for i = 1, #s do coroutine.yield(i, s:sub(i, i)) end
  end)
end
for i, c in chars("hello") do print(i, c) end
local function evens(n)
  return coroutine.wrap(function()
    for i = 2, n, 2 do coroutine.yield(i) end
    return nil
  end)
end
local s = 0
for v in evens(20) do s = s + v end
print("sum", s)
