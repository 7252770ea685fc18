print(1 == "1", "1" == 1, nil == false, 0 == false)
print({} == {}, print == print)
local t = {}
print(t == t, t ~= {})
local f = function() end
print(f == f)
print(true == true, true ~= false)
print(pcall(function() return 1 < "2" end))
print(pcall(function() return "a" < 1 end))
print(pcall(function() return {} <= {} end))
print(pcall(function() return nil < nil end))
print(pcall(function() return true > false end))
