-- expect: luajit (lua5.1 has no goto)
local input = {"a", "b", "b", "a", "c"}
local pos = 0
local out = {}
::state_a::
pos = pos + 1
if pos > #input then goto finish end
out[#out + 1] = "A(" .. input[pos] .. ")"
if input[pos] == "b" then goto state_b end
goto state_a
::state_b::
pos = pos + 1
if pos > #input then goto finish end
out[#out + 1] = "B(" .. input[pos] .. ")"
if input[pos] == "a" then goto state_a end
goto state_b
::finish::
for i = 1, #out do print(i, out[i]) end
