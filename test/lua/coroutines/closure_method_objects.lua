-- objects with methods built inside a coroutine, used by the main thread
local co = coroutine.create(function(name)
  local Stack = {}
  Stack.__index = Stack
  function Stack:push(v) self.items[#self.items + 1] = v return self end
  function Stack:pop() local v = self.items[#self.items] self.items[#self.items] = nil return v end
  function Stack:size() return #self.items end
  local s = setmetatable({items = {}, name = name}, Stack)
  coroutine.yield(s)
  return Stack
end)
local _, s = coroutine.resume(co, "st")
s:push(1):push(2):push(3)
print(s.name, s:size(), s:pop(), s:size())
local _, Stack = coroutine.resume(co)
local s2 = setmetatable({items = {"x"}}, Stack)
print(s2:pop(), s2:size(), coroutine.status(co))
