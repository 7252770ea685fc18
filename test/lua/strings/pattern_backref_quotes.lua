local s = [[say "hello" and 'bye' now]]
for q, text in string.gmatch(s, "([\"'])(.-)%1") do print(q, text) end
print(string.match([[a="x'y"]], "=([\"'])(.-)%1"))
