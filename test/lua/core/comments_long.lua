--[[ a long
comment spanning lines ]]
print("after long comment")
--[==[ another
]] still comment
]==]
print("after level-2 comment")
local x = 1 --[[ inline ]] + 2
print(x)
-- single line comment [[ not long
print("done")
---[[ this is a line comment, so the next line runs
print("runs")
--]]
