print(string.gsub("a!b\"c#d$e%f&g'h(i)j*k+l,m-n.o/p:q;r<s=t>u?v@w[x\\y]z^_`{|}~", "%p", ""))
print(select(2, string.gsub("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~", "%p", "")))
print(string.gsub("a, b. c!", "%P", ""))
