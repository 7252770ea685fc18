-- expect: luajit

print(bit.tobit("12"), bit.tobit("0x10"), bit.tobit(" 7 "), bit.tobit("1e3"), bit.tobit("-5"))
print(bit.band("255", "15"), bit.bor("1", 2), bit.lshift("1", "4"), bit.tohex("255"), bit.tohex(255, "2"))
