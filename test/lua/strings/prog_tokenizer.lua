local function tokenize(src)
  local toks = {}
  local pos = 1
  while pos <= #src do
    local s, e = src:find("^%s+", pos)
    if s then pos = e + 1
    else
      local tok
      for _, rule in ipairs({ { "number", "^%d+%.?%d*" }, { "name", "^[%a_][%w_]*" }, { "string", '^"[^"]*"' }, { "op", "^[=~<>]=" }, { "op", "^%p" } }) do
        local a, b = src:find(rule[2], pos)
        if a then tok = { rule[1], src:sub(a, b) }; pos = b + 1; break end
      end
      toks[#toks + 1] = tok
    end
  end
  return toks
end
for _, t in ipairs(tokenize('local x = 42 + y1 * 3.5 -- "str" ~= z')) do print(t[1], t[2]) end
