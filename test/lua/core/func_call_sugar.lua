local function f(t) if type(t) == "table" then return t[1] or t.k end return t end
print(f{10})
print(f{k = "named"})
print(f"string arg")
print(f[[long string arg]])
local obj = {name = "obj"}
function obj.get(self, x) return self.name .. x end
print(obj:get"!")
function obj.count(self, t) return #t end
print(obj:count{1, 2, 3})
