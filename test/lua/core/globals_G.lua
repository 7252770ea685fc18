_G.x = 1
print(x)
y = 2
print(_G.y, _G["y"])
print(_G._G == _G, type(_G))
local name = "dyn" .. "amic"
_G[name] = "created"
print(dynamic)
print(_G.print == print)
_G.x = nil
print(x)
local function setg(k, v) _G[k] = v end
setg("fromfunc", 10)
print(fromfunc + 1)
