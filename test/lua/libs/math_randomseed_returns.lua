print(select("#", math.randomseed(1)))
print(math.randomseed(123))
