local t = {1, 2, 3}
print(unpack(t), "end")
print("start", unpack(t))
local x = {unpack(t), unpack(t)}
print(#x, x[1], x[2], x[4])
local function count(...) return select("#", ...) end
print(count(unpack(t)), count(unpack(t), 9), count(9, unpack(t)))
print((unpack(t)))
