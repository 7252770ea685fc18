local fmt = "%s is %d years"
print(fmt:format("Bob", 42))
print(("%5.1f"):format(2.3))
print(("%x"):rep(2):format(10, 11))
