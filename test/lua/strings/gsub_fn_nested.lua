local function expand(s)
  return (string.gsub(s, "%b{}", function(inner)
    return "<" .. string.gsub(inner:sub(2, -2), "%a", string.upper) .. ">"
  end))
end
print(expand("x{ab}y{c{d}}z"))
print(string.gsub("abc", "%a", string.upper))
print(string.gsub("ABC", "%a", string.lower))
print(string.gsub("abc", "%a", string.byte))
