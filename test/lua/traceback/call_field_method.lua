-- fields and methods: named by the field or method name at the call site
local handlers = {}
function handlers.on_event(e)
  return e.payload.id
end
local Obj = {}
Obj.__index = Obj
function Obj:on_event(e)
  local id = handlers.on_event(e)
  return id
end
local o = setmetatable({}, Obj)
o:on_event({ payload = { id = 1 } })
o:on_event({})
