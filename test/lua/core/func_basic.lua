local function add(a, b) return a + b end
print(add(2, 3))
function global_fn(x) return x * 2 end
print(global_fn(21))
local f = function(...) return "anon" end
print(f())
local function noret() end
print(noret())
print((noret()))
local function early(x)
  if x then return "early" end
  return "late"
end
print(early(true), early(false))
