local t = {"a\0b", "\255\254", "c"}
local s = table.concat(t, "\0")
print(#s)
print(s == "a\0b\0\255\254\0c")
print(table.concat({"\1", "\2", "\3"}, "\0") == "\1\0\2\0\3")
print(table.concat({"caf\233", "na\239ve"}, " "))
