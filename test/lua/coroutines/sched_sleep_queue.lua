-- a scheduler with simulated time: tasks yield how long they want to sleep
local now = 0
local queue = {}
local function spawn(name, f)
  queue[#queue + 1] = {wake = 0, name = name, co = coroutine.create(f), seq = #queue}
end
local function sleep(t) coroutine.yield(t) end
spawn("fast", function() for i = 1, 4 do print(now, "fast", i) sleep(1) end end)
spawn("slow", function() for i = 1, 2 do print(now, "slow", i) sleep(3) end end)
spawn("once", function() sleep(2) print(now, "once") end)
local seq = 10
while #queue > 0 do
  table.sort(queue, function(a, b)
    if a.wake ~= b.wake then return a.wake < b.wake end
    return a.seq < b.seq
  end)
  local t = table.remove(queue, 1)
  now = t.wake
  local ok, d = coroutine.resume(t.co)
  if not ok then print("error", d) end
  if coroutine.status(t.co) ~= "dead" then
    seq = seq + 1
    t.wake, t.seq = now + d, seq
    queue[#queue + 1] = t
  else
    print(now, t.name, "done")
  end
end
