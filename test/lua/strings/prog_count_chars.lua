local s = "The rain in Spain stays mainly in the plain"
print(select(2, s:gsub("[aeiouAEIOU]", "")))
print(select(2, s:gsub("%u", "")))
print(select(2, s:gsub("ain", "")))
print(select(2, s:gsub("%s", "")))
print(select(2, s:gsub("%f[%a]%a+", "")))
