local names = {"abs", "ceil", "floor", "sqrt", "sin", "cos", "tan", "exp", "log", "log10", "deg", "rad",
  "asin", "acos", "atan", "sinh", "cosh", "tanh"}
local out = {}
for _, n in ipairs(names) do out[#out + 1] = n .. "=" .. select("#", math[n](0.5)) end
print(table.concat(out, " "))
print(select("#", math.modf(0.5)), select("#", math.frexp(0.5)), select("#", math.min(1, 2)), select("#", math.random()))
