-- expect: luajit (lua5.1 has no goto)
print("start")
goto skip
print("never printed")
::skip::
print("after skip")
do
  goto inner_end
  print("never")
  ::inner_end::
end
local function f(x)
  if x then goto yes end
  do return "no" end
  ::yes::
  return "yes"
end
print(f(true), f(false))
