-- traffic light / turnstile style state machine with transition table
local machine = {
  state = "locked",
  transitions = {
    locked = {coin = "unlocked", push = "locked"},
    unlocked = {coin = "unlocked", push = "locked"},
  },
  log = {},
}
function machine:fire(event)
  local row = self.transitions[self.state]
  local nxt = row[event]
  if not nxt then error("bad event " .. tostring(event) .. " in " .. self.state, 2) end
  self.log[#self.log + 1] = self.state .. " --" .. event .. "--> " .. nxt
  self.state = nxt
  return self
end
machine:fire("push"):fire("coin"):fire("coin"):fire("push")
for i, line in ipairs(machine.log) do print(i, line) end
print(machine.state)
print(pcall(machine.fire, machine, "kick"))
print(pcall(function() machine:fire("kick") end))
local counts = {}
for _, line in ipairs(machine.log) do
  local is_lock = line == "unlocked --push--> locked"
  counts[is_lock] = (counts[is_lock] or 0) + 1
end
print(counts[true], counts[false])
