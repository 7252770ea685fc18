-- coroutines as values: in tables, as arguments, returned from functions, resumed by others
local registry = {}
local function make(name)
  local co = coroutine.create(function(by)
    while true do
      by = coroutine.yield(name .. " resumed by " .. by)
    end
  end)
  registry[name] = co
  return co
end
local function resume_it(co, by)
  local ok, v = coroutine.resume(co, by)
  return v
end
make("t1")
make("t2")
print(resume_it(registry.t1, "main"))
print(resume_it(registry.t2, "main"))
local relay = coroutine.create(function(target)
  print(resume_it(target, "relay"))
  target = coroutine.yield()
  print(resume_it(target, "relay"))
end)
coroutine.resume(relay, registry.t2)
coroutine.resume(relay, registry.t1)
local list = {registry.t1, registry.t2}
for i, co in ipairs(list) do print(i, type(co), coroutine.status(co)) end
