local function f(x)
  if x == 1 then return "one" end
  do return "not one" end
end
print(f(1), f(2))
local function g()
  for i = 1, 10 do
    if i == 3 then return i end
  end
  return "unreachable"
end
print(g())
local function h(t)
  for k, v in ipairs(t) do if v == "x" then return k, v end end
end
print(h({"a", "x", "b"}))
print(h({}))
