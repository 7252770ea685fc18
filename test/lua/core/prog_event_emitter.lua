local Emitter = {}
Emitter.__index = Emitter
function Emitter.new() return setmetatable({handlers = {}}, Emitter) end
function Emitter:on(name, fn)
  local list = self.handlers[name]
  if not list then list = {}; self.handlers[name] = list end
  list[#list + 1] = fn
  local emitter = self
  return function()
    for i = 1, #list do
      if list[i] == fn then
        for j = i, #list do list[j] = list[j + 1] end
        return true
      end
    end
    return false
  end
end
function Emitter:emit(name, ...)
  local list = self.handlers[name]
  if not list then return 0 end
  local n = 0
  for i = 1, #list do list[i](...); n = n + 1 end
  return n
end
local e = Emitter.new()
local log = {}
local off1 = e:on("data", function(x) log[#log + 1] = "h1:" .. x end)
e:on("data", function(x, y) log[#log + 1] = "h2:" .. x .. ":" .. tostring(y) end)
print(e:emit("data", "a"))
print(off1(), off1())
print(e:emit("data", "b", 2))
print(e:emit("none"))
for i, v in ipairs(log) do print(i, v) end
