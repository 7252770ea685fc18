-- which operand is named in the message
print(pcall(function() local a, b = nil, 1; return a + b end))
print(pcall(function() local a, b = 1, nil; return a + b end))
print(pcall(function() local a, b = {}, nil; return a + b end))
print(pcall(function() local a, b = nil, {}; return a * b end))
print(pcall(function() local a = "x"; local b = 1; return b - a end))
print(pcall(function() local a = true; return 2 ^ a end))
print(pcall(function() local a; return -a end))
print(pcall(function() local a = {}; return a % 3 end))
