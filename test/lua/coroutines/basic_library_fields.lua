-- the 5.1 coroutine library functions (luajit adds more; not counted)
local names = {"create", "resume", "running", "status", "wrap", "yield"}
for _, n in ipairs(names) do
  print(n, type(coroutine[n]))
end
