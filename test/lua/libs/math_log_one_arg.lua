-- luajit-differs: luajit's math.log accepts a base (5.2 style); 5.1 ignores it
print(math.log(8, 2))
print(math.log(100, 10))
print(math.log(1, 3))
