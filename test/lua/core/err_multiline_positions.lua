-- which line a runtime error reports when an expression spans lines
print(pcall(function()
  local a = 1
  local b = nil
  local x = a +
     b
  return x
end))
print(pcall(function()
  local t = {}
  return t
    .x
    .y
end))
print(pcall(function()
  local b
  return "a" ..
    b ..
    "c"
end))
print(pcall(function()
  local x = nil
  local y = {
    a = 1,
    b = x.z,
  }
end))
print(pcall(function()
  foo(
    1,
    2
  )
end))
print(pcall(function()
  local t = {}
  t:
    method()
end))
