local List = {}
List.__index = List
function List.new() return setmetatable({head = nil, size = 0}, List) end
function List:push_front(v) self.head = {value = v, next = self.head}; self.size = self.size + 1 end
function List:push_back(v)
  local node = {value = v}
  if not self.head then self.head = node
  else
    local cur = self.head
    while cur.next do cur = cur.next end
    cur.next = node
  end
  self.size = self.size + 1
end
function List:remove(v)
  local prev, cur = nil, self.head
  while cur do
    if cur.value == v then
      if prev then prev.next = cur.next else self.head = cur.next end
      self.size = self.size - 1
      return true
    end
    prev, cur = cur, cur.next
  end
  return false
end
function List:reverse()
  local prev, cur = nil, self.head
  while cur do cur.next, prev, cur = prev, cur, cur.next end
  self.head = prev
end
function List:iter()
  local cur = self.head
  return function()
    if cur then local v = cur.value; cur = cur.next; return v end
  end
end
List.__tostring = function(l)
  local s = "["
  for v in l:iter() do s = s .. (s == "[" and "" or ", ") .. tostring(v) end
  return s .. "]"
end
local l = List.new()
for i = 1, 5 do l:push_back(i) end
l:push_front(0)
print(l, l.size)
print(l:remove(3), l:remove(42), l.size)
print(l)
l:reverse()
print(l)
local e = List.new()
e:reverse()
print(e, e.size)
