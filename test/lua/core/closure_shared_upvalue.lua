local function make()
  local v = 0
  local function get() return v end
  local function inc() v = v + 1 end
  local function set(x) v = x end
  return get, inc, set
end
local get, inc, set = make()
inc(); inc()
print(get())
set(100)
print(get())
inc()
print(get())
local get2, inc2 = make()
inc2()
print(get(), get2())
