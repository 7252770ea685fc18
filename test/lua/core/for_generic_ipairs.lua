local t = {"a", "b", "c", nil, "e"}
for i, v in ipairs(t) do print(i, v) end
local u = {[1] = 1, [2] = 2, [4] = 4}
local n = 0
for i, v in ipairs(u) do n = n + 1 end
print("stopped after", n)
for i, v in ipairs({}) do print("never") end
local w = {10, 20, x = "ignored"}
for i, v in ipairs(w) do print(i, v) end
