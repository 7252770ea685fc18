local s = "caf\195\169 na\195\175ve"
print(select(2, string.gsub(s, "[\128-\255]", "")))
print(string.find(s, "\195\169"))
local n = 0
for ch in string.gmatch(s, "[%z\1-\127\194-\244][\128-\191]*") do n = n + 1 end
print(n)
print(string.match("\255\254\253", "\254(.)") == "\253")
