local t = {[-2] = "m2", [-1] = "m1", [0] = "z", "a", "b"}
print(unpack(t, -2))
print(unpack(t, -2, 0))
print(unpack(t, 0, 1))
print(select("#", unpack(t, -5, -3)))
