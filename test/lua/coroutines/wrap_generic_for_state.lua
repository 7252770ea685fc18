-- the for loop passes state and control values to the wrapped iterator on each call
local it = coroutine.wrap(function(s, c)
  while true do
    print("iterator got", s, c)
    if c >= 3 then return nil end
    s, c = coroutine.yield(c + 1, "v" .. c)
  end
end)
for k, v in it, "STATE", 0 do print("loop", k, v) end
