-- errors are raised only when the matcher reaches the bad part of the pattern
print(pcall(function() local r = string.find("xyz", "a[") return r end))
print(pcall(function() local r = string.find("xyz", "x[") return r end))
print(pcall(function() local r = string.find("", "a%") return r end))
print(pcall(function() local r = string.match("b", "a?%1") return r end))
