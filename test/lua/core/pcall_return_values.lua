local function multi() return 1, nil, 3, nil end
print(select("#", pcall(multi)))
print(pcall(multi))
local results = {pcall(multi)}
print(results[1], results[2], results[4])
local ok, a, b, c = pcall(function(...) return ... end, "x", "y")
print(ok, a, b, c)
print(pcall(pcall, function() return "deep" end))
print(pcall(pcall, pcall, error, "e"))
