local Stack = {}
Stack.__index = Stack
function Stack.new() return setmetatable({n = 0}, Stack) end
function Stack:push(...)
  for i = 1, select("#", ...) do
    self.n = self.n + 1
    self[self.n] = (select(i, ...))
  end
end
function Stack:pop()
  if self.n == 0 then return nil end
  local v = self[self.n]
  self[self.n] = nil
  self.n = self.n - 1
  return v
end
local Queue = {}
Queue.__index = Queue
function Queue.new() return setmetatable({first = 1, last = 0}, Queue) end
function Queue:push(v) self.last = self.last + 1; self[self.last] = v end
function Queue:pop()
  if self.first > self.last then return nil end
  local v = self[self.first]
  self[self.first] = nil
  self.first = self.first + 1
  return v
end
function Queue:len() return self.last - self.first + 1 end
local s = Stack.new()
s:push(1, 2, 3)
s:push("four")
print(s:pop(), s:pop(), s.n)
print(s:pop(), s:pop(), s:pop(), s.n)
local q = Queue.new()
for i = 1, 5 do q:push(i * i) end
print(q:pop(), q:pop(), q:len())
q:push("late")
local rest = {}
while q:len() > 0 do rest[#rest + 1] = tostring(q:pop()) end
print(#rest, rest[1], rest[4], q:pop())
-- balanced brackets with the stack
local function balanced(chars)
  local st = Stack.new()
  local pairs_ = {[")"] = "(", ["]"] = "[", ["}"] = "{"}
  for i = 1, #chars do
    local c = chars[i]
    if c == "(" or c == "[" or c == "{" then st:push(c)
    elseif pairs_[c] then if st:pop() ~= pairs_[c] then return false end end
  end
  return st.n == 0
end
print(balanced({"(", "[", "]", ")"}), balanced({"(", "]"}), balanced({"{", "{"}), balanced({}))
