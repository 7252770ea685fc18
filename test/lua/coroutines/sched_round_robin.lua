-- a round-robin scheduler over several tasks of different lengths
local tasks = {}
local function spawn(name, steps)
  tasks[#tasks + 1] = {name = name, co = coroutine.create(function()
    for i = 1, steps do
      print(name, "step", i)
      coroutine.yield()
    end
    return name .. " finished"
  end)}
end
spawn("A", 3)
spawn("B", 1)
spawn("C", 4)
spawn("D", 2)
local round = 0
while #tasks > 0 do
  round = round + 1
  local i = 1
  while i <= #tasks do
    local t = tasks[i]
    local ok, r = coroutine.resume(t.co)
    if coroutine.status(t.co) == "dead" then
      print("round", round, r)
      table.remove(tasks, i)
    else
      i = i + 1
    end
  end
end
