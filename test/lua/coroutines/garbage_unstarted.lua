-- coroutines that are never started do not run their bodies
local ran = false
for i = 1, 100 do
  local co = coroutine.create(function() ran = true end)
end
local w = coroutine.wrap(function() ran = true end)
print(ran)
