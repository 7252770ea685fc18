print(#"", #"a", #"hello", #"with\0nul")
print(#"\n\t", #[[long
string]])
local s = "abc"
print(#s, #(s .. s), #s + 1)
print(#"\255\254")
