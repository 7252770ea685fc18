local t = {3, 1, 2, 5, 4}
print(pcall(function()
  table.sort(t, function(a, b)
    if a == 5 or b == 5 then error("five!") end
    return a < b
  end)
end))
local ok, e = pcall(function() table.sort({2, 1}, function(a, b) error({code = 7}) end) end)
print(ok, type(e), e.code)
print(pcall(function() table.sort({2, 1}, function(a, b) error("lvl0", 0) end) end))
print(pcall(function() table.sort({2, 1}, function(a, b) return a.x < b end) end))
