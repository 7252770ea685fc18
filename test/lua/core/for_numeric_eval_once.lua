local calls = 0
local function lim() calls = calls + 1; return 3 end
for i = 1, lim() do end
print("calls", calls)
local function three() return 1, 3, 1 end
for i = (three()), 2 do print("start from first value", i) end
for i = "1", "3" do print("string bounds", i) end
