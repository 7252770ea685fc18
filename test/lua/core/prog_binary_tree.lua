local Tree = {}
Tree.__index = Tree
function Tree.insert(node, v)
  if not node then return setmetatable({value = v}, Tree) end
  if v < node.value then node.left = Tree.insert(node.left, v)
  elseif v > node.value then node.right = Tree.insert(node.right, v) end
  return node
end
function Tree:walk(f)
  if self.left then self.left:walk(f) end
  f(self.value)
  if self.right then self.right:walk(f) end
end
function Tree:height()
  local l = self.left and self.left:height() or 0
  local r = self.right and self.right:height() or 0
  return 1 + (l > r and l or r)
end
function Tree:contains(v)
  local n = self
  while n do
    if v == n.value then return true end
    n = v < n.value and n.left or n.right
  end
  return false
end
local root
for _, v in ipairs({50, 30, 70, 20, 40, 60, 80, 35, 45, 65, 30}) do root = Tree.insert(root, v) end
local out = ""
root:walk(function(v) out = out .. v .. " " end)
print(out)
print(root:height(), root:contains(45), root:contains(46))
local words
for _, w in ipairs({"pear", "apple", "fig", "banana", "apple"}) do words = Tree.insert(words, w) end
local ws = {}
words:walk(function(w) ws[#ws + 1] = w end)
print(#ws, ws[1], ws[2], ws[3], ws[4])
