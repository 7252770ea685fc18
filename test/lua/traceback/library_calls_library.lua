-- __tostring called by tostring called by print: a library function called by another is '[C]: ?'
local obj = setmetatable({}, { __tostring = function(self) error("no string") end })
print(obj)
