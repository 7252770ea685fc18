-- errors after several yields, in a nested function
local function check(v)
  if v > 2 then
    error("too big: " .. v)
  end
  return v
end
local co = coroutine.create(function()
  local i = 0
  while true do
    i = i + 1
    coroutine.yield(check(i))
  end
end)
for k = 1, 5 do print(coroutine.resume(co)) end
