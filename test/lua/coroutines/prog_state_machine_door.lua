-- a door state machine driven by events; each state is a function that waits for events
local log = {}
local machine = coroutine.create(function()
  local closed, opened, locked
  function closed()
    local ev = coroutine.yield("closed")
    if ev == "open" then return opened() elseif ev == "lock" then return locked() end
    return closed()
  end
  function opened()
    local ev = coroutine.yield("opened")
    if ev == "close" then return closed() end
    return opened()
  end
  function locked()
    local ev = coroutine.yield("locked")
    if ev == "unlock" then return closed() end
    if ev == "break" then return "broken" end
    return locked()
  end
  return closed()
end)
local _, state = coroutine.resume(machine)
print("initial", state)
for _, ev in ipairs({"open", "lock", "close", "lock", "open", "unlock", "open", "close", "lock", "break"}) do
  local ok, s = coroutine.resume(machine, ev)
  print(ev, "->", s, coroutine.status(machine))
end
