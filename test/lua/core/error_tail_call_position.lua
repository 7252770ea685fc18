-- luajit-differs: luajit tail-calls C functions, so `return error(...)`/`return assert(...)` lose the caller's position; lua5.1 keeps it
local function f() return error("tail error") end
print(pcall(f))
local function g() return error("tail error level 2", 2) end
local function h() g() end
print(pcall(h))
local function a(v) return assert(v, "tail assert") end
print(pcall(a, false))
print(pcall(a, "ok"))
local function b() return assert(false) end
print(pcall(b))
local function s(n) return select(n, "a") end
print(pcall(s, 0))
