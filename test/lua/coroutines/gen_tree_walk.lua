-- in-order walk of a binary search tree with a recursive generator
local function insert(node, v)
  if node == nil then return {value = v} end
  if v < node.value then node.left = insert(node.left, v) else node.right = insert(node.right, v) end
  return node
end
local root
for _, v in ipairs({50, 30, 70, 20, 40, 60, 80, 35, 65, 10}) do root = insert(root, v) end
local function walk(node, depth)
  if node then
    walk(node.left, depth + 1)
    coroutine.yield(node.value, depth)
    walk(node.right, depth + 1)
  end
end
for v, d in coroutine.wrap(function() walk(root, 0) end) do
  print(string.rep("  ", d) .. v)
end
