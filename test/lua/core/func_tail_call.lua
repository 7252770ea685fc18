local function loop(n, acc)
  if n == 0 then return acc end
  return loop(n - 1, acc + 1)
end
print(loop(100000, 0))
local function a(n) if n == 0 then return "a done" end return (function(m) return a(m) end)(n - 1) end
print(a(50))
local function multi() return 1, 2, 3 end
local function tail() return multi() end
print(tail())
