local names = {
  ["b"] = "b", ["a"] = "a", ["\255"] = "255", ["\0"] = "0", ["a\0b"] = "a0b", ["a\0a"] = "a0a",
  ["A"] = "A", ["Z"] = "Z", ["z"] = "z", [""] = "empty", ["\128"] = "128", ["aa"] = "aa",
  ["ab"] = "ab", ["a\255"] = "a255", ["10"] = "10", ["9"] = "9", ["1"] = "1", ["\127"] = "127",
}
local t = {}
for k in pairs(names) do t[#t + 1] = k end
table.sort(t)
local s = {}
for i = 1, #t do s[i] = names[t[i]] end
print(table.concat(s, " "))
table.sort(t, function(a, b) return a > b end)
for i = 1, #t do s[i] = names[t[i]] end
print(table.concat(s, " "))
