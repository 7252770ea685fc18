local heap = {}
local function push(v)
  table.insert(heap, v)
  local i = #heap
  while i > 1 do
    local p = math.floor(i / 2)
    if heap[p] <= heap[i] then break end
    heap[p], heap[i] = heap[i], heap[p]
    i = p
  end
end
local function pop()
  local top = heap[1]
  local last = table.remove(heap)
  if #heap > 0 then
    heap[1] = last
    local i = 1
    while true do
      local l, r, m = 2 * i, 2 * i + 1, i
      if l <= #heap and heap[l] < heap[m] then m = l end
      if r <= #heap and heap[r] < heap[m] then m = r end
      if m == i then break end
      heap[m], heap[i] = heap[i], heap[m]
      i = m
    end
  end
  return top
end
local seed = 5
for i = 1, 200 do seed = (seed * 16807) % 2147483647; push(seed % 1000) end
local out = {}
while #heap > 0 do out[#out + 1] = pop() end
print(#out, table.concat(out, " ", 1, 30))
local sorted = true
for i = 2, #out do if out[i - 1] > out[i] then sorted = false end end
print(sorted)
