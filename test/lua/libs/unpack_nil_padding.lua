local t = {1, 2}
print(unpack(t, 1, 4))
print(select("#", unpack(t, 1, 4)))
print(unpack({}, 1, 3))
print(select("#", unpack({}, 1, 3)))
local u = {1, nil, 3}
print(unpack(u, 1, 3))
