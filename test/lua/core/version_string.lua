print(_VERSION)
print(type(_VERSION))
