local function balanced(s)
  local stripped = s:gsub("[^()]", "")
  while true do
    local n
    stripped, n = stripped:gsub("%(%)", "")
    if n == 0 then break end
  end
  return stripped == ""
end
for _, s in ipairs({ "(a(b)c)", "((", "())(", "", "f(x, g(y))" }) do print(balanced(s), s) end
print(("f(a, (b), c) + g(d)"):match("%b()"))
