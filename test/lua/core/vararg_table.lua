local function pack(...) return {n = select("#", ...), ...} end
local p = pack(10, 20, 30)
print(p.n, p[1], p[2], p[3])
local q = pack()
print(q.n, q[1])
local function len(...) return #{...} end
print(len(1, 2, 3, 4), len(), len("a"))
local function firsts(...) local t = {..., "end"} return t[1], t[2], #t end
print(firsts(1, 2, 3))
