print(math.floor("3.9"), math.sqrt("16"), math.max("1", "2"), math.abs("-0x10"))
print(math.sin("0"), math.exp("0"), math.log("1"), math.pow("2", 8))
print(math.fmod("10", "4"), math.ldexp("1", "4"), math.modf("2.5"))
print(math.floor("1e3"), math.ceil(" 2.5 "), math.floor(".5"))
