-- the thread library reached only through a computed global name (the word never appears)
local lib = _G["co" .. "rou" .. "tine"]
local function inner(x)
  local r = lib.yield(x + 1)
  return r * 2
end
local co = lib.create(function(a)
  local v = inner(a)
  return v, "end"
end)
print(lib.resume(co, 1))
print(lib.resume(co, 10))
print(lib.status(co))
