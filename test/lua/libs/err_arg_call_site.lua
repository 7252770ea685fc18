-- luajit-differs: LuaJIT names a tail-called library function '?' and gives no position
-- Argument errors name the function by its call site as lua5.1 does (a local alias, a field,
-- '(for generator)'), a method call does not count self, and pcall'd functions are '?'.
print(pcall(function() return ("x"):rep({}) end))
print(pcall(function() local r = string.rep; return r("x", {}) end))
print(pcall(function() return string.rep("x", {}) end))
print(pcall(function() local t = {f = string.rep}; return t.f("x", {}) end))
print(pcall(function() local s = "x"; return s.rep(s, {}) end))
print(pcall(function() return ("x"):rep() end))
print(pcall(function() return ("x").rep() end))
print(pcall(string.rep))
print(pcall(function() for k in pairs({}), 1 do end end))
print(pcall(function() return math.floor("a") end))
print(pcall(function() local ins = table.insert; ins(nil, 1) end))
print(pcall(function() return ("x"):rep() end))
print(pcall(function() local s = setmetatable({}, {__index = string}); return s:rep(2) end))
