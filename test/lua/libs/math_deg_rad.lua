print(math.deg(math.pi), math.deg(math.pi / 2), math.deg(1), math.deg(-math.pi))
print(math.rad(180), math.rad(90), math.rad(1), math.rad(-45), math.rad(360))
for d = 0, 360, 45 do print(d, math.rad(d), math.deg(math.rad(d))) end
