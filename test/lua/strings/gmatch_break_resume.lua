local it = string.gmatch("one two three four", "%a+")
for w in it do
  print(w)
  if w == "two" then break end
end
print("resume", it())
print("rest", it(), it())
