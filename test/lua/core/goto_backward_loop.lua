-- expect: luajit (lua5.1 has no goto)
local n = 1
::top::
print("n", n)
n = n * 2
if n < 40 then goto top end
print("final", n)
do
  local k = 3
  ::again::
  if k > 0 then
    print("k", k)
    k = k - 1
    goto again
  end
end
