local s = [[hello
world]]
print(s)
print([[no \n escapes \t here]])
print([==[contains ]] and [[ brackets]==])
print([=[
first newline skipped]=])
print(#[[
]], #[[

]])
local t = [===[a]=]b]==]c]===]
print(t)
