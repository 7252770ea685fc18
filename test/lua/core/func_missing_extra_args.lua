local function show(a, b, c) print(a, b, c) end
show()
show(1)
show(1, 2)
show(1, 2, 3)
show(1, 2, 3, 4)
show(nil, nil, 3)
local function count(...) return select("#", ...) end
print(count(), count(nil), count(nil, nil), count(1, nil, 3, nil))
