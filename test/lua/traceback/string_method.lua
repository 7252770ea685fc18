-- a missing string method: the error names the method, the frames their locals
local s = "abc"
local function go() return s:nope() end
local function outer() local v = go(); return v end
outer()
