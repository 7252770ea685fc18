-- async/await on top of coroutines with a simulated event loop
local pending = {}
local function await(op)
  return coroutine.yield(op)
end
local function async(f, ...)
  local co = coroutine.create(f)
  local function step(...)
    local ok, op = coroutine.resume(co, ...)
    if not ok then print("task failed:", op) return end
    if coroutine.status(co) == "dead" then return end
    pending[#pending + 1] = {op = op, k = step}
  end
  step(...)
end
local function fetch(url) return {kind = "fetch", url = url} end
async(function(name)
  local a = await(fetch("/a"))
  local b = await(fetch("/b/" .. a))
  print(name, "finished with", a, b)
end, "task1")
async(function(name)
  local c = await(fetch("/c"))
  error(name .. " got " .. c)
end, "task2")
while #pending > 0 do
  local p = table.remove(pending, 1)
  p.k("result(" .. p.op.url .. ")")
end
