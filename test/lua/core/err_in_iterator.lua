local function bad_iter(s, c)
  if c >= 2 then local t = nil; return t.boom end
  return c + 1
end
local seen = 0
print(pcall(function()
  for i in bad_iter, nil, 0 do seen = seen + 1 end
end))
print(seen)
local function gen() return function() error("iter failed") end end
print(pcall(function() for x in gen() do end end))
