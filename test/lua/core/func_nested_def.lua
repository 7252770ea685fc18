local a = {b = {c = {}}}
function a.b.c.d(x) return "d:" .. x end
function a.b.c:m(x) return self == a.b.c, x end
print(a.b.c.d("1"))
print(a.b.c:m("2"))
function a.b.fn() return "fn" end
print(a.b.fn())
g_ns = {}
function g_ns.helper() return "helper" end
print(g_ns.helper())
function global_def() return "global" end
print(_G.global_def(), type(global_def))
