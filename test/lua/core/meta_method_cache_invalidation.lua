-- method lookups stay correct when classes, metatables and __index chains change
local Base = {}
Base.__index = Base
function Base:name() return "base" end
local Derived = setmetatable({}, {__index = Base})
Derived.__index = Derived
local o = setmetatable({}, Derived)
local function call() return o:name() end
local out = {} for i = 1, 3 do out[#out+1] = call() end print(unpack(out))
function Base:name() return "base2" end          -- redefine an inherited method
print(call())
function Derived:name() return "derived" end     -- shadow it one level up
print(call())
Derived.name = nil                               -- remove the shadow
print(call())
o.name = function() return "own" end             -- own field wins
print(call())
o.name = nil
local Other = {name = function() return "other" end}
setmetatable(o, {__index = Other})               -- new metatable
print(call())
getmetatable(o).__index = function(t, k) return function() return "fn:" .. k end end
print(call())
rawset(Other, "name", function() return "raw" end)
getmetatable(o).__index = Other
print(call())
Other.name = function() return "assigned" end
print(call())
local objs = {}
for i = 1, 4 do objs[i] = setmetatable({}, i % 2 == 0 and Base or Derived) end
Derived.name = function() return "d" end
out = {} for i = 1, 4 do out[#out+1] = objs[i]:name() end print(unpack(out))
