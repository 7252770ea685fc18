-- cooperative workers sharing a job queue, with a message log
local jobs = {}
for i = 1, 10 do jobs[i] = i end
local results = {}
local function worker(id)
  return coroutine.create(function()
    while #jobs > 0 do
      local job = table.remove(jobs, 1)
      coroutine.yield(string.format("worker %d took job %d", id, job))
      results[#results + 1] = id * 100 + job * job
    end
    return "worker " .. id .. " idle"
  end)
end
local ws = {worker(1), worker(2), worker(3)}
local active = #ws
while active > 0 do
  active = 0
  for _, w in ipairs(ws) do
    if coroutine.status(w) == "suspended" then
      local ok, msg = coroutine.resume(w)
      print(msg)
      if coroutine.status(w) ~= "dead" then active = active + 1 end
    end
  end
end
local s = 0
for _, r in ipairs(results) do s = s + r end
print(#results, s)
