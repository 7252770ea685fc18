-- compare escape results without the string library
print("\n" == "\10", "\t" == "\9", "\r" == "\13")
print("\a" == "\7", "\b" == "\8", "\f" == "\12", "\v" == "\11")
print("\\" == "\92", "\"" == "\34", "\'" == "\39")
print("\0" == "\000", "\255" == "\255", "\65" == "A")
print("a\
b" == "a\nb")
