local function gen(_, c)
  if c < 3 then return c + 1, "a" .. c, "b" .. c, nil, "e" end
end
for a, b, c, d, e in gen, nil, 0 do print(a, b, c, d, e) end
for a in gen, nil, 0 do print("only", a) end
