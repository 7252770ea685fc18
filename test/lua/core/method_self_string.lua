-- method call on an expression with table fields
local obj = {items = {first = {name = "f"}}}
function obj.items.first:describe(prefix) return prefix .. self.name end
print(obj.items.first:describe("name="))
local key = "first"
print(obj.items[key]:describe("via key="))
local function getobj() return obj.items.first end
print(getobj():describe("via call="))
