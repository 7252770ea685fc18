-- recursive-descent evaluator over a token table
local function evaluate(tokens, vars)
  local pos = 1
  local function peek() return tokens[pos] end
  local function take() local t = tokens[pos]; pos = pos + 1; return t end
  local expr
  local function atom()
    local t = take()
    if type(t) == "number" then return t
    elseif t == "(" then
      local v = expr()
      if take() ~= ")" then error("expected )", 0) end
      return v
    elseif t == "-" then return -atom()
    elseif type(t) == "string" and vars[t] ~= nil then return vars[t]
    end
    error("unexpected token " .. tostring(t), 0)
  end
  local function power()
    local base = atom()
    if peek() == "^" then take(); return base ^ power() end
    return base
  end
  local function term()
    local v = power()
    while peek() == "*" or peek() == "/" or peek() == "%" do
      local op = take()
      local r = power()
      if op == "*" then v = v * r elseif op == "/" then v = v / r else v = v % r end
    end
    return v
  end
  function expr()
    local v = term()
    while peek() == "+" or peek() == "-" do
      local op = take()
      local r = term()
      if op == "+" then v = v + r else v = v - r end
    end
    return v
  end
  local result = expr()
  if pos <= #tokens then error("trailing tokens at " .. pos, 0) end
  return result
end
print(evaluate({1, "+", 2, "*", 3}, {}))
print(evaluate({"(", 1, "+", 2, ")", "*", 3}, {}))
print(evaluate({2, "^", 3, "^", 2}, {}))
print(evaluate({"-", 2, "^", 2}, {}))
print(evaluate({"x", "*", "x", "-", "y", "/", 4}, {x = 5, y = 2}))
print(evaluate({17, "%", 5, "+", "-", 7, "%", 3}, {}))
print(pcall(evaluate, {1, "+"}, {}))
print(pcall(evaluate, {"(", 1}, {}))
print(pcall(evaluate, {1, 2}, {}))
print(pcall(evaluate, {"z"}, {}))
