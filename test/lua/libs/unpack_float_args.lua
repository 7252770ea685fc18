local t = {"a", "b", "c", "d"}
print(unpack(t, 1.5, 2.5))
print(unpack(t, "2", "3"))
print(unpack(t, 2.999))
print(unpack(t, 0.5, 1.9))
print(unpack(t, -0.9, 1))
