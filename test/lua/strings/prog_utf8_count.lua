local s = "h\195\169llo w\195\182rld \226\130\172 \240\159\152\128"
local n = 0
for _ in s:gmatch("[%z\1-\127\194-\244][\128-\191]*") do n = n + 1 end
print(#s, n)
local chars = {}
for c in s:gmatch("[%z\1-\127\194-\244][\128-\191]*") do chars[#chars + 1] = #c end
local line = ""
for i = 1, #chars do line = line .. chars[i] end
print(line)
